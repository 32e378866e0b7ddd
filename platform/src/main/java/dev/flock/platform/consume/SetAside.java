package dev.flock.platform.consume;

import dev.flock.contracts.Envelope;
import dev.flock.platform.publish.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * Where a message that failed goes: a retry queue, or its queue's dead-letter queue once the {@link FailurePolicy}
 * says so, with a log line that names it and, for a dead letter, the {@link DeadLetterObserver} told.
 */
final class SetAside {

    // Under InboundProcessor's name, as before the split: the name the logs and their filters know.
    private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);

    private final String queue;
    private final FailurePolicy failures;
    private final DeadLetterObserver observer;

    SetAside(String queue, FailurePolicy failures, DeadLetterObserver observer) {
        this.queue = queue;
        this.failures = failures;
        this.observer = observer;
    }

    /**
     * @param envelope the decoded message, or null when it could not be decoded
     * @throws PublishFailedException when the broker did not take the retry or dead-letter copy
     */
    void message(Message message, Envelope<?> envelope, RuntimeException failure) {
        String what = describe(message);
        FailurePolicy.Disposition disposition = failures.handle(queue, message, failure);
        if (!disposition.deadLettered()) {
            log.warn(
                    "{} failed (attempt {}), retrying in {}: {}",
                    what,
                    disposition.attempts(),
                    disposition.retryDelay(),
                    failure.toString());
            return;
        }
        log.error(
                "{} dead-lettered to {}.dlq after {} attempt(s): {} {}",
                what,
                queue,
                disposition.attempts(),
                disposition.reason(),
                failure.toString());
        if (envelope != null) {
            try {
                observer.deadLettered(envelope, disposition.reason());
            } catch (RuntimeException e) {
                log.warn("could not record that {} was dead-lettered: {}", what, e.toString());
            }
        }
    }

    /** The message's type and id, as logs name it. */
    static String describe(Message message) {
        MessageProperties properties = message.getMessageProperties();
        return properties.getType() + " " + properties.getMessageId();
    }
}
