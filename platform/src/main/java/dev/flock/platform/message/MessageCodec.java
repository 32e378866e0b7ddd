package dev.flock.platform.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.contracts.MessageType;
import java.io.IOException;
import java.util.Date;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * Turns envelopes into AMQP messages and back, per the SPEC's message format. Decoding is where permanent faults
 * are found: whatever fails here fails the same way on every retry.
 */
public final class MessageCodec {

    private final ObjectMapper mapper;

    public MessageCodec(ObjectMapper mapper) {
        // Consumers must ignore payload fields they do not know (a newer producer may add some).
        this.mapper = mapper.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** @param correlationId the command this message belongs to: a command's own id, or the one that caused an event */
    public Message encode(Envelope<?> envelope, String correlationId) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + envelope.type() + " " + envelope.id(), e);
        }
        return MessageBuilder.withBody(body)
                .setMessageId(envelope.id())
                .setType(envelope.type())
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setContentEncoding("UTF-8")
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setCorrelationId(correlationId)
                .setTimestamp(Date.from(envelope.occurredAt()))
                .build();
    }

    public Envelope<?> decode(Message message) {
        JsonNode root = parse(message.getBody());
        MessageType type = typeOf(root);
        JsonNode version = root.get("version");
        if (version == null || !version.isInt()) {
            throw new PermanentFailure(FailureReason.INVALID_PAYLOAD, "version is missing or not an integer");
        }
        if (version.intValue() != type.version()) {
            throw new PermanentFailure(
                    FailureReason.UNSUPPORTED_VERSION,
                    type.id() + " version " + version.intValue() + " is not supported (reads " + type.version() + ")");
        }
        JavaType envelopeType = mapper.getTypeFactory().constructParametricType(Envelope.class, type.payloadType());
        try {
            return mapper.readerFor(envelopeType).readValue(root);
        } catch (IOException | IllegalArgumentException e) {
            throw new PermanentFailure(FailureReason.INVALID_PAYLOAD, rootCauseMessage(e), e);
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode root = mapper.readTree(body);
            if (root == null || !root.isObject()) {
                throw new PermanentFailure(FailureReason.UNPARSEABLE, "body is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new PermanentFailure(FailureReason.UNPARSEABLE, "body is not JSON: " + rootCauseMessage(e), e);
        }
    }

    private static MessageType typeOf(JsonNode root) {
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw new PermanentFailure(FailureReason.INVALID_PAYLOAD, "type is missing");
        }
        return MessageType.byId(type.textValue())
                .orElseThrow(() ->
                        new PermanentFailure(FailureReason.UNKNOWN_TYPE, "unknown message type " + type.textValue()));
    }

    private static String rootCauseMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (cause instanceof JsonProcessingException json) {
            message = json.getOriginalMessage();
        }
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
