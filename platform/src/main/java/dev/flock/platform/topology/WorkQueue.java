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
 * Every one of them is a quorum queue: each may hold an accepted command, which must survive the loss of a node.
 *
 * @param exchange    the topic exchange the queue takes messages from
 * @param bindingKeys routing-key patterns bound on {@code exchange}
 */
public record WorkQueue(String name, String exchange, List<String> bindingKeys) {

    /**
     * The broker's last guard: a message whose delivery crashed the consumer this often is dead-lettered. Normal
     * failures never get near it, because the failure policy acknowledges them after setting them aside, and a
     * message that keeps killing its consumer is set aside by the {@code CrashCounter} long before.
     */
    public static final int DELIVERY_LIMIT = 10;

    /**
     * The dead-letter and parking-lot queues are read by requeueing what the operator only looked at. With a delivery
     * limit, a quorum queue puts a requeued message back where it was (without one, at the back); every look counts
     * as a delivery on RabbitMQ before 4.3, hence a limit no operator reaches.
     */
    public static final int INSPECTION_DELIVERY_LIMIT = 1_000_000;

    /** @param alsoPublishesTo exchanges the service publishes to, declared with its queue (e.g. the events) */
    public Declarables declarables(List<Duration> retryDelays, Declarable... alsoPublishesTo) {
        List<Declarable> declarables = new ArrayList<>(List.of(alsoPublishesTo));
        TopicExchange source = Exchanges.topic(exchange);
        DirectExchange deadLetters = Exchanges.deadLetters();
        Queue work = atLeastOnceDeadLettering(QueueBuilder.durable(name)
                        .quorum()
                        .deliveryLimit(DELIVERY_LIMIT)
                        .deadLetterExchange(Topology.DEAD_LETTER_EXCHANGE)
                        .deadLetterRoutingKey(name))
                .build();
        declarables.add(source);
        declarables.add(deadLetters);
        declarables.add(work);
        bindingKeys.forEach(
                key -> declarables.add(BindingBuilder.bind(work).to(source).with(key)));

        Queue deadLetterQueue = inspectable(Topology.deadLetterQueue(name));
        declarables.add(deadLetterQueue);
        declarables.add(BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(name));
        declarables.add(inspectable(Topology.parkingLot(deadLetterQueue.getName())));

        for (Duration delay : retryDelays) {
            // The TTL dead-letters a waiting message back into the work queue, through the default exchange.
            declarables.add(atLeastOnceDeadLettering(QueueBuilder.durable(Topology.retryQueue(name, delay))
                            .quorum()
                            .ttl(Math.toIntExact(delay.toMillis()))
                            .deadLetterExchange("")
                            .deadLetterRoutingKey(name))
                    .build());
        }
        return new Declarables(declarables);
    }

    private static Queue inspectable(String name) {
        return QueueBuilder.durable(name)
                .quorum()
                .deliveryLimit(INSPECTION_DELIVERY_LIMIT)
                .build();
    }

    /**
     * The broker moves a dead letter only once the target queue confirmed it (RabbitMQ 3.10+), instead of dropping it
     * if the target is unavailable at that moment. It needs reject-publish overflow.
     */
    private static QueueBuilder atLeastOnceDeadLettering(QueueBuilder queue) {
        return queue.withArgument("x-dead-letter-strategy", "at-least-once")
                .overflow(QueueBuilder.Overflow.rejectPublish);
    }
}
