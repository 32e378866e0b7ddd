package dev.flock.deadletters;

import com.rabbitmq.client.ShutdownSignalException;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** How many messages wait in a queue, straight from the broker. */
final class QueueDepths {

    private final RabbitTemplate template;

    QueueDepths(RabbitTemplate template) {
        this.template = template;
    }

    /**
     * @return 0 for a queue not declared yet (its service has never run)
     * @throws AmqpException when the broker cannot be asked: an unknown depth is not an empty queue
     */
    long depth(String queue) {
        try {
            Long count = template.execute(
                    channel -> (long) channel.queueDeclarePassive(queue).getMessageCount());
            return count == null ? 0 : count;
        } catch (AmqpException e) {
            if (notFound(e)) {
                return 0;
            }
            throw e;
        }
    }

    /** Whether the broker answered that the queue does not exist. */
    static boolean notFound(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal
                    && RabbitUtils.isPassiveDeclarationChannelClose(signal)) {
                return true;
            }
        }
        return false;
    }
}
