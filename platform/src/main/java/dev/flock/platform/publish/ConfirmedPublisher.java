package dev.flock.platform.publish;

import dev.flock.platform.trace.MessageTraces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    private final MessageTraces traces;

    public ConfirmedPublisher(RabbitTemplate template, Duration confirmTimeout) {
        this(template, confirmTimeout, MessageTraces.NONE);
    }

    public ConfirmedPublisher(RabbitTemplate template, Duration confirmTimeout, MessageTraces traces) {
        this.template = template;
        this.confirmTimeout = confirmTimeout;
        this.traces = traces;
    }

    /** How long a confirm is waited for: the longest a publisher is kept waiting before it hears "not confirmed". */
    public Duration confirmTimeout() {
        return confirmTimeout;
    }

    /** @throws PublishFailedException when the broker is unreachable, nacks, or does not confirm in time */
    public Routing publish(String exchange, String routingKey, Message message) {
        return send(exchange, routingKey, message).await();
    }

    /**
     * Sends without waiting: several messages sent first and awaited together cost one round trip to the broker,
     * not one each.
     *
     * @throws BrokerUnreachableException when there is no connection or channel to send on
     */
    public Pending send(String exchange, String routingKey, Message message) {
        // A fresh correlation per publish: Spring matches returns to publishes by this id.
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        try {
            // One channel for the send and for knowing which channel it was (see PublishChannel).
            return template.invoke(operations -> {
                operations.send(exchange, routingKey, message, correlation);
                return new Pending(correlation, routingKey, operations.execute(PublishChannel::of));
            });
        } catch (AmqpException e) {
            throw new BrokerUnreachableException("broker unreachable: " + e.getMessage(), e);
        }
    }

    /**
     * A message to send: where to, and what.
     *
     * @param causeId the command whose handling sends it, if any: the message continues that command's trace */
    public record Outgoing(String exchange, String routingKey, Message message, String causeId) {

        public Outgoing(String exchange, String routingKey, Message message) {
            this(exchange, routingKey, message, null);
        }
    }

    /**
     * Sends several messages on one channel, without waiting. One channel, because a channel waiting for confirms
     * is not reused: each further send would open a channel, and opening one waits for a broker that blocks
     * publishers (an alarm) instead of failing at the confirm timeout.
     *
     * @throws BrokerUnreachableException when there is no connection or channel to send on
     */
    public List<Pending> sendAll(List<Outgoing> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        try {
            return template.invoke(operations -> {
                List<CorrelationData> correlations = new ArrayList<>();
                for (Outgoing outgoing : messages) {
                    CorrelationData correlation =
                            new CorrelationData(UUID.randomUUID().toString());
                    try (var trace = traces.continueFrom(traces.messageOf(outgoing.causeId()))) {
                        operations.send(outgoing.exchange(), outgoing.routingKey(), outgoing.message(), correlation);
                    }
                    correlations.add(correlation);
                }
                // After the sends: a closed channel is replaced at the first send on it.
                PublishChannel channel = operations.execute(PublishChannel::of);
                List<Pending> pending = new ArrayList<>();
                for (int n = 0; n < messages.size(); n++) {
                    pending.add(new Pending(correlations.get(n), messages.get(n).routingKey(), channel));
                }
                return pending;
            });
        } catch (AmqpException e) {
            throw new BrokerUnreachableException("broker unreachable: " + e.getMessage(), e);
        }
    }

    /** A message sent and not yet confirmed. */
    public final class Pending {

        private final CorrelationData correlation;
        private final String routingKey;
        private final PublishChannel channel;

        private Pending(CorrelationData correlation, String routingKey, PublishChannel channel) {
            this.correlation = correlation;
            this.routingKey = routingKey;
            this.channel = channel;
        }

        /** @throws PublishFailedException when the broker nacks, or does not confirm within the timeout */
        public Routing await() {
            try {
                return confirmed().get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof PublishFailedException failed
                        ? failed
                        : new PublishFailedException("confirm for " + routingKey + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException("interrupted waiting for a confirm", e);
            }
        }

        /**
         * Completes when the broker confirmed the message, without a thread waiting for it; exceptionally with a
         * {@link PublishFailedException} when the broker nacks it or does not confirm within the timeout (the channel
         * it went out on is then closed, so the next publish takes a new one). Whatever
         * depends on it runs on the thread that completes it (the connection's, or the timeout's): hand slow work to
         * an executor.
         */
        public CompletableFuture<Routing> confirmed() {
            return correlation
                    .getFuture()
                    .thenApply(this::routing)
                    .orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(failure -> {
                        // Nacked, or not confirmed in time: the channel is not used again (see PublishChannel).
                        channel.discard();
                        throw failure(failure instanceof CompletionException ? failure.getCause() : failure);
                    });
        }

        private Routing routing(CorrelationData.Confirm confirm) {
            if (!confirm.isAck()) {
                throw new PublishFailedException("broker refused " + routingKey + ": " + confirm.getReason());
            }
            // The broker returns an unroutable message before it confirms it: the return is known by now.
            return correlation.getReturned() == null ? Routing.ROUTED : Routing.UNROUTABLE;
        }

        private PublishFailedException failure(Throwable cause) {
            if (cause instanceof PublishFailedException failed) {
                return failed;
            }
            if (cause instanceof TimeoutException) {
                return new PublishFailedException("no confirm for " + routingKey + " within " + confirmTimeout, cause);
            }
            return new PublishFailedException("confirm for " + routingKey + " failed", cause);
        }
    }

    /** Like {@link #publish}, but a message no queue takes is a failure too. */
    public void publishRouted(String exchange, String routingKey, Message message) {
        if (publish(exchange, routingKey, message) == Routing.UNROUTABLE) {
            throw new PublishFailedException("no queue is bound for " + exchange + " / " + routingKey);
        }
    }
}
