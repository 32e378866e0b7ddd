package dev.flock.platform.message;

import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/** Copies of received messages, to publish again (to a retry, dead-letter or parking-lot queue, or a replay). */
public final class Messages {

    private Messages() {}

    /** The same body and identity, persistent, with exactly {@code headers}. */
    public static Message copy(Message message, Map<String, Object> headers) {
        MessageProperties received = message.getMessageProperties();
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(received.getMessageId());
        properties.setType(received.getType());
        properties.setContentType(received.getContentType());
        properties.setContentEncoding(received.getContentEncoding());
        properties.setCorrelationId(received.getCorrelationId());
        properties.setTimestamp(received.getTimestamp());
        properties.setAppId(received.getAppId());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        headers.forEach(properties::setHeader);
        return new Message(message.getBody(), properties);
    }
}
