package dev.flock.platform.consume;

import dev.flock.contracts.FailureReason;
import dev.flock.contracts.FlockHeaders;
import dev.flock.contracts.Topology;
import dev.flock.platform.message.Messages;
import dev.flock.platform.message.PermanentFailure;
import dev.flock.platform.metrics.MessageTypes;
import dev.flock.platform.publish.ConfirmedPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * What happens to a message whose processing failed. Permanent faults go to the dead-letter queue at once;
 * anything else is retried after a back-off in a delay queue (so the messages behind it are not held up) and is
 * dead-lettered after the last attempt. The copy is confirmed by the broker before the caller acknowledges the
 * original, so the message is never lost in between.
 */
public final class FailurePolicy {

    public static final String FAILED = "flock.messages.failed";

    private static final int MAX_HEADER_TEXT = 500;

    /** Where a failed message went. {@code reason} is set when it was dead-lettered. */
    public record Disposition(int attempts, Duration retryDelay, FailureReason reason) {

        public boolean deadLettered() {
            return reason != null;
        }
    }

    private final ConfirmedPublisher publisher;
    private final RetryProperties retry;
    private final Clock clock;
    private final MeterRegistry meters;

    public FailurePolicy(ConfirmedPublisher publisher, RetryProperties retry, Clock clock, MeterRegistry meters) {
        this.publisher = publisher;
        this.retry = retry;
        this.clock = clock;
        this.meters = meters;
    }

    /** @throws org.springframework.amqp.AmqpException when the copy could not be published and confirmed */
    public Disposition handle(String workQueue, Message message, Throwable failure) {
        int attempts = attemptsSoFar(message.getMessageProperties()) + 1;
        Map<String, Object> headers = failureHeaders(message.getMessageProperties(), failure, attempts);
        if (failure instanceof PermanentFailure permanent) {
            return deadLetter(workQueue, message, headers, attempts, permanent.reason());
        }
        if (attempts >= retry.maxAttempts()) {
            return deadLetter(workQueue, message, headers, attempts, FailureReason.RETRIES_EXHAUSTED);
        }
        Duration delay = retry.delays().get(attempts - 1);
        // Via the default exchange straight into the delay queue; its TTL dead-letters the message back.
        publisher.publishRouted("", Topology.retryQueue(workQueue, delay), Messages.copy(message, headers));
        count(workQueue, message, attempts, "retried", "TRANSIENT");
        return new Disposition(attempts, delay, null);
    }

    private Disposition deadLetter(
            String workQueue, Message message, Map<String, Object> headers, int attempts, FailureReason reason) {
        headers.put(FlockHeaders.REASON, reason.name());
        headers.put(FlockHeaders.DEAD_LETTERED_AT, clock.instant().toString());
        publisher.publishRouted(Topology.DEAD_LETTER_EXCHANGE, workQueue, Messages.copy(message, headers));
        count(workQueue, message, attempts, "dead-lettered", reason.name());
        return new Disposition(attempts, null, reason);
    }

    /**
     * {@code flock.messages.failed}: how many failed messages went where, by queue, type, reason and attempt (the
     * retries by step: attempt 1 failed, so the message waits the first delay).
     */
    private void count(String workQueue, Message message, int attempts, String disposition, String reason) {
        Counter.builder(FAILED)
                .description("failed attempts at a message, by where the message went (retried or dead-lettered)")
                .tag("queue", workQueue)
                .tag("type", MessageTypes.tag(message.getMessageProperties().getType()))
                .tag("disposition", disposition)
                .tag("reason", reason)
                .tag("attempt", String.valueOf(attempts))
                .register(meters)
                .increment();
    }

    private Map<String, Object> failureHeaders(MessageProperties received, Throwable failure, int attempts) {
        Map<String, Object> headers = new HashMap<>(received.getHeaders());
        headers.put(FlockHeaders.ATTEMPTS, attempts);
        headers.putIfAbsent(FlockHeaders.FIRST_FAILURE_AT, clock.instant().toString());
        // Set on the first failure only: a retried message comes back through the default exchange.
        headers.putIfAbsent(FlockHeaders.ORIGINAL_EXCHANGE, orEmpty(received.getReceivedExchange()));
        headers.putIfAbsent(FlockHeaders.ORIGINAL_ROUTING_KEY, orEmpty(received.getReceivedRoutingKey()));
        headers.put(FlockHeaders.EXCEPTION, failure.getClass().getName());
        headers.put(FlockHeaders.EXCEPTION_MESSAGE, truncate(String.valueOf(failure.getMessage())));
        return headers;
    }

    static int attemptsSoFar(MessageProperties properties) {
        Object attempts = properties.getHeaders().get(FlockHeaders.ATTEMPTS);
        return attempts instanceof Number number ? number.intValue() : 0;
    }

    private static String orEmpty(String value) {
        return Optional.ofNullable(value).orElse("");
    }

    private static String truncate(String text) {
        return text.length() <= MAX_HEADER_TEXT ? text : text.substring(0, MAX_HEADER_TEXT) + "…";
    }
}
