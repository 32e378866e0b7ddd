package dev.flock.platform.consume;

import dev.flock.contracts.Envelope;
import dev.flock.platform.message.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * The path of every message a Flock service consumes: decode, hand to the handler, and on failure apply the
 * {@link FailurePolicy}. It returns normally (the message is acknowledged) only when the message was handled or a
 * confirmed copy of it sits in a retry or dead-letter queue. It never requeues: a message that keeps failing must
 * not block the queue or loop.
 */
public final class InboundProcessor {

    public static final String MDC_COMMAND_ID = "commandId";

    private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);

    private final String queue;
    private final MessageCodec codec;
    private final MessageHandler handler;
    private final FailurePolicy failures;
    private final DeadLetterObserver observer;

    public InboundProcessor(
            String queue,
            MessageCodec codec,
            MessageHandler handler,
            FailurePolicy failures,
            DeadLetterObserver observer) {
        this.queue = queue;
        this.codec = codec;
        this.handler = handler;
        this.failures = failures;
        this.observer = observer;
    }

    public void process(Message message) {
        MessageProperties properties = message.getMessageProperties();
        String commandId =
                properties.getCorrelationId() != null ? properties.getCorrelationId() : properties.getMessageId();
        try (var ignored = MDC.putCloseable(MDC_COMMAND_ID, commandId)) {
            Envelope<?> envelope = null;
            try {
                envelope = codec.decode(message);
                handler.handle(envelope);
            } catch (RuntimeException failure) {
                onFailure(message, envelope, failure);
            }
        }
    }

    private void onFailure(Message message, Envelope<?> envelope, RuntimeException failure) {
        String what = describe(message);
        FailurePolicy.Disposition disposition;
        try {
            disposition = failures.handle(queue, message, failure);
        } catch (RuntimeException e) {
            log.error("{} failed and could not be set aside; the broker dead-letters it", what, e);
            // Rejected without requeue, the quorum queue dead-letters it (at least once) into the .dlq.
            throw new AmqpRejectAndDontRequeueException("could not retry or dead-letter " + what, e);
        }
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

    private static String describe(Message message) {
        MessageProperties properties = message.getMessageProperties();
        return properties.getType() + " " + properties.getMessageId();
    }
}
