package dev.flock.platform.publish;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes one message and waits until the broker confirmed it (the message is then durable in every queue it
 * reached). Messages are always published {@code mandatory}; the caller decides what an unroutable one means.
 */
public final class ConfirmedPublisher {

    /** What the broker did with a confirmed message. */
    public enum Routing {
        ROUTED,
        /** Returned: no queue was bound for its routing key. */
        UNROUTABLE
    }

    private final RabbitTemplate template;
    private final Duration confirmTimeout;

    public ConfirmedPublisher(RabbitTemplate template, Duration confirmTimeout) {
        this.template = template;
        this.confirmTimeout = confirmTimeout;
    }

    /** @throws PublishFailedException when the broker is unreachable, nacks, or does not confirm in time */
    public Routing publish(String exchange, String routingKey, Message message) {
        // A fresh correlation per publish: Spring matches returns to publishes by this id.
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        try {
            template.send(exchange, routingKey, message, correlation);
        } catch (AmqpException e) {
            throw new BrokerUnreachableException("broker unreachable: " + e.getMessage(), e);
        }
        CorrelationData.Confirm confirm = awaitConfirm(correlation, routingKey);
        if (!confirm.isAck()) {
            throw new PublishFailedException("broker refused " + routingKey + ": " + confirm.getReason());
        }
        return correlation.getReturned() == null ? Routing.ROUTED : Routing.UNROUTABLE;
    }

    /** Like {@link #publish}, but a message no queue takes is a failure too. */
    public void publishRouted(String exchange, String routingKey, Message message) {
        if (publish(exchange, routingKey, message) == Routing.UNROUTABLE) {
            throw new PublishFailedException("no queue is bound for " + exchange + " / " + routingKey);
        }
    }

    private CorrelationData.Confirm awaitConfirm(CorrelationData correlation, String routingKey) {
        try {
            return correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PublishFailedException("no confirm for " + routingKey + " within " + confirmTimeout, e);
        } catch (ExecutionException e) {
            throw new PublishFailedException("confirm for " + routingKey + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted waiting for a confirm", e);
        }
    }
}
