package dev.flock.deadletters;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * Reads a queue from its head with unacknowledged {@code basic.get}s, and puts back what it leaves alone when it
 * ends. The dead-letter queues are quorum queues with a delivery limit, which put a requeued message back where it
 * was, in its original order; {@code basic.nack} (not {@code basic.reject}) so that the look does not count toward
 * the limit on RabbitMQ 4.3+. Only one scan may run on a queue at a time (see {@link QueueLock}), or two scans would
 * interleave what they put back.
 */
final class QueueScan {

    /** What to do with the message just read. */
    enum Step {
        /** Leave it where it is. */
        KEEP,
        /** It was copied elsewhere: remove it. */
        REMOVE,
        /** Remove it and read no further. */
        REMOVE_AND_STOP
    }

    private final RabbitTemplate template;
    private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

    QueueScan(RabbitTemplate template) {
        this.template = template;
    }

    /**
     * Visits at most {@code max} messages from the head of {@code queue}.
     *
     * @return the queue's depth afterwards, including the messages put back
     */
    long scan(String queue, long max, Function<Message, Step> visitor) {
        try {
            return scanDeclared(queue, max, visitor);
        } catch (AmqpException e) {
            if (QueueDepths.notFound(e)) {
                return 0; // not declared yet: its service has never run, and nothing failed there
            }
            throw e;
        }
    }

    private long scanDeclared(String queue, long max, Function<Message, Step> visitor) {
        Long left = template.execute(channel -> {
            List<Long> kept = new ArrayList<>();
            Long current = null;
            try {
                for (long seen = 0; seen < max; seen++) {
                    GetResponse response = channel.basicGet(queue, false);
                    if (response == null) {
                        break;
                    }
                    current = response.getEnvelope().getDeliveryTag();
                    Step step = visitor.apply(toMessage(response));
                    if (step == Step.KEEP) {
                        kept.add(current);
                    } else {
                        channel.basicAck(current, false);
                    }
                    current = null;
                    if (step == Step.REMOVE_AND_STOP) {
                        break;
                    }
                }
            } finally {
                if (current != null) {
                    kept.add(current);
                }
                // A closed channel has already given back everything it held unacknowledged.
                if (channel.isOpen()) {
                    for (long tag : kept) {
                        channel.basicNack(tag, false, true);
                    }
                }
            }
            return depthCounting(channel, queue, kept.size());
        });
        return left == null ? 0 : left;
    }

    /**
     * The broker counts a requeued message only once its queue has processed the requeue, which is not ordered with
     * a depth query: wait (briefly) until the depth includes the messages just put back.
     */
    private static long depthCounting(Channel channel, String queue, int requeued) throws IOException {
        Instant deadline = Instant.now().plusSeconds(2);
        long depth = channel.queueDeclarePassive(queue).getMessageCount();
        while (depth < requeued && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            depth = channel.queueDeclarePassive(queue).getMessageCount();
        }
        return depth;
    }

    private Message toMessage(GetResponse response) {
        return new Message(
                response.getBody(),
                converter.toMessageProperties(response.getProps(), response.getEnvelope(), "UTF-8"));
    }
}
