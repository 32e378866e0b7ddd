package dev.flock.deadletters;

import dev.flock.contracts.FlockHeaders;
import dev.flock.platform.message.Messages;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.Message;

/**
 * The copies the tools publish of a dead letter. Each is a new, persistent message: the one received says how it was
 * delivered ({@code receivedDeliveryMode}), not how to publish it, and carries the broker's own delivery count.
 */
final class Copies {

    /** Set by a quorum queue on every delivery; the copy's new queue keeps its own count. */
    static final String DELIVERY_COUNT = "x-delivery-count";

    /** Headers describing the last failure: a replayed message starts its attempts afresh. */
    private static final List<String> FAILURE_HEADERS = List.of(
            FlockHeaders.ATTEMPTS,
            FlockHeaders.REASON,
            FlockHeaders.EXCEPTION,
            FlockHeaders.EXCEPTION_MESSAGE,
            FlockHeaders.DEAD_LETTERED_AT,
            "x-death",
            "x-first-death-exchange",
            "x-first-death-queue",
            "x-first-death-reason",
            "x-last-death-exchange",
            "x-last-death-queue",
            "x-last-death-reason");

    private Copies() {}

    /** To send back where it came from: one more replay, no failure history. */
    static Message forReplay(Message message, DeadLetter letter) {
        Map<String, Object> headers = headersOf(message);
        FAILURE_HEADERS.forEach(headers::remove);
        headers.put(FlockHeaders.REPLAYS, letter.replays() + 1);
        // Keep where it came from, so that a second failure still knows where to be replayed to.
        headers.put(FlockHeaders.ORIGINAL_EXCHANGE, letter.exchange());
        headers.put(FlockHeaders.ORIGINAL_ROUTING_KEY, letter.routingKey());
        return Messages.copy(message, headers);
    }

    /** To set aside in the parking lot, with its whole failure history. */
    static Message forParking(Message message) {
        return Messages.copy(message, headersOf(message));
    }

    private static Map<String, Object> headersOf(Message message) {
        Map<String, Object> headers =
                new HashMap<>(message.getMessageProperties().getHeaders());
        headers.remove(DELIVERY_COUNT);
        return headers;
    }
}
