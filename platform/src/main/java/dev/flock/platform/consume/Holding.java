package dev.flock.platform.consume;

import com.rabbitmq.client.Channel;
import dev.flock.platform.publish.PublishFailedException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.ImmediateRequeueAmqpException;

/**
 * Keeps messages unacknowledged while the broker refuses what their processing must publish, trying again with
 * back-off: the fault is the broker's, not the messages'. Lets go when the service stops (the messages go back to
 * the queue) or when their channel closed (the broker gave them back already).
 */
final class Holding {

    // Under InboundProcessor's name, as before the split: the name the logs and their filters know.
    private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(15);

    private final ProcessingMeters meters;
    private final BooleanSupplier running;

    Holding(ProcessingMeters meters, BooleanSupplier running) {
        this.meters = meters;
        this.running = running;
    }

    /** Runs {@code work} until it is done, holding its messages while the broker refuses a publish. */
    void run(String what, Channel channel, Runnable work) {
        BackOff backOff = new BackOff(FIRST_PAUSE, LONGEST_PAUSE, running);
        while (true) {
            try {
                work.run();
                return;
            } catch (PublishFailedException refused) {
                if (!running.getAsBoolean()) {
                    throw new ImmediateRequeueAmqpException("stopping while the broker refuses messages", refused);
                }
                if (!channel.isOpen()) {
                    throw new AmqpRejectAndDontRequeueException(
                            "the delivery's channel closed; the broker delivers the message again", refused);
                }
                meters.held();
                log.warn(
                        "{}: the broker refused a publish ({}); holding the message, trying again in {}",
                        what,
                        refused.getMessage(),
                        backOff.next());
                if (!backOff.pause()) {
                    throw new ImmediateRequeueAmqpException("stopping while the broker refuses messages", refused);
                }
            }
        }
    }
}
