package dev.flock.testsupport;

import dev.flock.contracts.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** A queue of the test's own on {@code flock.events}, to see which events a service published. */
public final class EventTap implements AutoCloseable {

    private final RabbitAdmin admin;
    private final RabbitTemplate rabbit;
    private final Queue queue;

    private EventTap(RabbitAdmin admin, RabbitTemplate rabbit, Queue queue) {
        this.admin = admin;
        this.rabbit = rabbit;
        this.queue = queue;
    }

    /** @param pattern the routing keys to receive, e.g. {@code account.#} */
    public static EventTap listen(RabbitAdmin admin, RabbitTemplate rabbit, String pattern) {
        // Not exclusive: the template may read it over another connection than the admin declared it on.
        Queue queue = new Queue("test-events-" + UUID.randomUUID(), false, false, false);
        TopicExchange events = ExchangeBuilder.topicExchange(Topology.EVENTS_EXCHANGE)
                .durable(true)
                .build();
        admin.declareExchange(events);
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(events).with(pattern));
        return new EventTap(admin, rabbit, queue);
    }

    /** Everything published so far: receives until nothing more arrives for {@code quiet}. */
    public List<Message> drain(Duration quiet) {
        List<Message> received = new ArrayList<>();
        Message message;
        while ((message = rabbit.receive(queue.getName(), quiet.toMillis())) != null) {
            received.add(message);
        }
        return received;
    }

    public List<String> types(Duration quiet) {
        return drain(quiet).stream()
                .map(m -> m.getMessageProperties().getType())
                .toList();
    }

    @Override
    public void close() {
        admin.deleteQueue(queue.getName());
    }
}
