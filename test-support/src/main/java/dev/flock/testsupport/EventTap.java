package dev.flock.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * A queue of the test's own on {@code flock.events}, to see which events a service published. The broker deletes it
 * a minute after it was last used, so a test need not.
 */
public final class EventTap {

    private static final int EXPIRES_MS = 60_000;

    private final RabbitTemplate rabbit;
    private final Queue queue;

    private EventTap(RabbitTemplate rabbit, Queue queue) {
        this.rabbit = rabbit;
        this.queue = queue;
    }

    /** @param pattern the routing keys to receive, e.g. {@code account.#} */
    public static EventTap listen(AmqpAdmin admin, RabbitTemplate rabbit, String pattern) {
        // Not exclusive: the template may read it over another connection than the admin declared it on.
        Queue queue =
                new Queue("test-events-" + UUID.randomUUID(), false, false, false, Map.of("x-expires", EXPIRES_MS));
        TopicExchange events =
                ExchangeBuilder.topicExchange("flock.events").durable(true).build();
        admin.declareExchange(events);
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(events).with(pattern));
        return new EventTap(rabbit, queue);
    }

    /**
     * What the tap holds now. Call it once the publisher confirmed what the test waits for (e.g. the command's outcome
     * is recorded, which a worker does only after its events were confirmed): a confirmed event is already queued.
     */
    public List<Message> received() {
        List<Message> received = new ArrayList<>();
        Message message;
        // basic.get: what the queue holds now, without waiting.
        while ((message = rabbit.receive(queue.getName())) != null) {
            received.add(message);
        }
        return received;
    }

    public List<String> types() {
        return received().stream().map(m -> m.getMessageProperties().getType()).toList();
    }
}
