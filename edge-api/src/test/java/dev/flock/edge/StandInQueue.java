package dev.flock.edge;

import dev.flock.platform.topology.Exchanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * A queue bound to every routing key of {@code flock.commands}, standing where the workers' queues would be, so
 * each command the edge accepted can be inspected.
 */
record StandInQueue(RabbitAdmin admin, RabbitTemplate rabbit, Queue queue, Binding binding) implements AutoCloseable {

    static StandInQueue declare(RabbitAdmin admin, RabbitTemplate rabbit) {
        Queue queue = new Queue("test-commands-" + UUID.randomUUID(), false, false, false);
        admin.declareQueue(queue);
        Binding binding = BindingBuilder.bind(queue).to(Exchanges.commands()).with("#");
        admin.declareBinding(binding);
        return new StandInQueue(admin, rabbit, queue, binding);
    }

    /** @return the next command, or null if none arrives within {@code timeout} */
    Message receive(Duration timeout) {
        return rabbit.receive(queue.getName(), timeout.toMillis());
    }

    /** Everything queued so far: receives until nothing more arrives for half a second. */
    List<Message> drain() {
        List<Message> messages = new ArrayList<>();
        Message message;
        while ((message = receive(Duration.ofMillis(500))) != null) {
            messages.add(message);
        }
        return messages;
    }

    /** From now on no queue takes a command: the broker returns it as unroutable. */
    void unbind() {
        admin.removeBinding(binding);
    }

    @Override
    public void close() {
        admin.deleteQueue(queue.getName());
    }
}
