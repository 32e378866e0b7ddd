package dev.flock.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flock.contracts.FlockHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * A dead-lettered message as an operator sees it. Failures set aside by Flock's failure policy carry
 * {@code x-flock-*} headers; those the broker dead-lettered itself (delivery limit, a reject) only {@code x-death},
 * which is read instead.
 *
 * @param routingKey     where a replay sends it, with {@code exchange}
 * @param attempts       failed processing attempts counted by the failure policy (null for a broker dead letter)
 * @param reason         a {@code FailureReason}, or {@code broker:<x-death reason>}
 * @param headers        every AMQP header of the message as text ({@code x-flock-*}, {@code x-death}, the trace's
 *                       {@code traceparent}...), for an operator to read
 * @param payload        the body, as JSON when it is JSON
 */
public record DeadLetter(
        String messageId,
        String type,
        String exchange,
        String routingKey,
        Instant deadLetteredAt,
        Integer attempts,
        String reason,
        String exception,
        int replays,
        Map<String, String> headers,
        JsonNode payload) {

    static DeadLetter of(Message message, ObjectMapper mapper) {
        MessageProperties properties = message.getMessageProperties();
        Map<String, Object> headers = properties.getHeaders();
        // x-death lists the most recent death first: the oldest knows where the message was first published.
        List<Map<String, ?>> deaths = properties.getXDeathHeader() == null ? List.of() : properties.getXDeathHeader();
        Map<String, ?> latest = deaths.isEmpty() ? null : deaths.get(0);
        Map<String, ?> oldest = deaths.isEmpty() ? null : deaths.get(deaths.size() - 1);
        String exception = text(headers.get(FlockHeaders.EXCEPTION));
        if (exception != null && headers.get(FlockHeaders.EXCEPTION_MESSAGE) != null) {
            exception += ": " + headers.get(FlockHeaders.EXCEPTION_MESSAGE);
        }
        return new DeadLetter(
                properties.getMessageId(),
                properties.getType(),
                orElse(
                        text(headers.get(FlockHeaders.ORIGINAL_EXCHANGE)),
                        oldest == null ? null : text(oldest.get("exchange"))),
                orElse(text(headers.get(FlockHeaders.ORIGINAL_ROUTING_KEY)), deathRoutingKey(oldest)),
                deadLetteredAt(headers, latest),
                headers.get(FlockHeaders.ATTEMPTS) instanceof Number attempts ? attempts.intValue() : null,
                headers.containsKey(FlockHeaders.REASON)
                        ? text(headers.get(FlockHeaders.REASON))
                        : latest == null ? null : "broker:" + latest.get("reason"),
                exception,
                number(headers.get(FlockHeaders.REPLAYS), 0),
                asText(headers),
                payload(message.getBody(), mapper));
    }

    /** Whether a replay knows where to send it. */
    boolean replayable() {
        return exchange != null && routingKey != null;
    }

    private static String deathRoutingKey(Map<String, ?> death) {
        if (death != null && death.get("routing-keys") instanceof List<?> keys && !keys.isEmpty()) {
            return String.valueOf(keys.get(0));
        }
        return null;
    }

    private static Instant deadLetteredAt(Map<String, Object> headers, Map<String, ?> death) {
        String flock = text(headers.get(FlockHeaders.DEAD_LETTERED_AT));
        if (flock != null) {
            return Instant.parse(flock);
        }
        return death != null && death.get("time") instanceof Date time ? time.toInstant() : null;
    }

    private static JsonNode payload(byte[] body, ObjectMapper mapper) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return new TextNode(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static Map<String, String> asText(Map<String, Object> headers) {
        Map<String, String> text = new TreeMap<>();
        headers.forEach((name, value) -> text.put(name, String.valueOf(value)));
        return text;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static int number(Object value, int fallback) {
        return value instanceof Number number ? number.intValue() : fallback;
    }

    private static String orElse(String value, String fallback) {
        return value != null && !value.isEmpty() ? value : fallback;
    }
}
