package dev.flock.platform.topology;

import dev.flock.contracts.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * A work queue and everything around it, declared by the service that consumes it: the quorum queue bound to
 * its exchange, its dead-letter queue, the dead-letter queue's parking lot, and one delay queue per retry step.
 *
 * @param exchange    the topic exchange the queue takes messages from
 * @param bindingKeys routing-key patterns bound on {@code exchange}
 */
public record WorkQueue(String name, String exchange, List<String> bindingKeys) {

    /**
     * The broker's last guard: a message whose delivery crashed the consumer this often is dead-lettered. Normal
     * failures never get near it, because the failure policy acknowledges them after setting them aside.
     */
    public static final int DELIVERY_LIMIT = 10;

    /** @param alsoPublishesTo exchanges the service publishes to, declared with its queue (e.g. the events) */
    public Declarables declarables(List<Duration> retryDelays, Declarable... alsoPublishesTo) {
        List<Declarable> declarables = new ArrayList<>(List.of(alsoPublishesTo));
        TopicExchange source = Exchanges.topic(exchange);
        DirectExchange deadLetters = Exchanges.deadLetters();
        Queue work = QueueBuilder.durable(name)
                .quorum()
                .deliveryLimit(DELIVERY_LIMIT)
                .deadLetterExchange(Topology.DEAD_LETTER_EXCHANGE)
                .deadLetterRoutingKey(name)
                // At-least-once dead-lettering (RabbitMQ >= 3.10) needs reject-publish overflow.
                .withArgument("x-dead-letter-strategy", "at-least-once")
                .overflow(QueueBuilder.Overflow.rejectPublish)
                .build();
        declarables.add(source);
        declarables.add(deadLetters);
        declarables.add(work);
        bindingKeys.forEach(
                key -> declarables.add(BindingBuilder.bind(work).to(source).with(key)));

        // Classic queues: an operator peeks at them, and a classic queue puts a requeued message back where it was
        // without counting a delivery, so looking changes nothing.
        Queue deadLetterQueue =
                QueueBuilder.durable(Topology.deadLetterQueue(name)).build();
        declarables.add(deadLetterQueue);
        declarables.add(BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(name));
        declarables.add(QueueBuilder.durable(Topology.parkingLot(deadLetterQueue.getName()))
                .build());

        for (Duration delay : retryDelays) {
            declarables.add(QueueBuilder.durable(Topology.retryQueue(name, delay))
                    .ttl(Math.toIntExact(delay.toMillis()))
                    .deadLetterExchange("")
                    .deadLetterRoutingKey(name)
                    .build());
        }
        return new Declarables(declarables);
    }
}
