package dev.flock.testsupport;

import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.rabbitmq.client.GetResponse;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.ReadModels.Commands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Talks to a service under test as the rest of the system would: publishes commands in the SPEC's message format
 * (with a publisher confirm), reads their outcome from the service's {@code commands} collection, listens to the
 * events it publishes. It encodes messages itself, so a test does not trust the codec it is testing.
 */
public final class TestCommands {

    /** A command's outcome as stored: {@code status} is APPLIED, REJECTED or FAILED. */
    public record Outcome(String status, String reason, String resourceId) {}

    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final MongoOperations mongo;
    private final MessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public TestCommands(RabbitTemplate rabbit, AmqpAdmin admin, MongoOperations mongo) {
        this.rabbit = rabbit;
        this.admin = admin;
        this.mongo = mongo;
    }

    /** A new command by {@code actor} (null for none), accepted now, published to {@code flock.commands}. */
    public Envelope<?> send(String actor, Object payload) {
        Envelope<?> command = Envelope.of(uniqueId(), Instant.now(), actor, payload);
        publish(command);
        return command;
    }

    /** Publishes {@code command} (again, if it was before) with the command type as routing key. */
    public void publish(Envelope<?> command) {
        publish(command.type(), message(command));
    }

    /** Publishes any message to {@code flock.commands}, e.g. one a producer got wrong. */
    public void publish(String routingKey, Message message) {
        CorrelationData confirm = new CorrelationData(uniqueId());
        // A fault test may have just restored the broker link: connect again for a moment before giving up.
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptionsInstanceOf(AmqpConnectException.class)
                .until(() -> {
                    rabbit.send("flock.commands", routingKey, message, confirm);
                    return true;
                });
        try {
            if (!confirm.getFuture().get(10, TimeUnit.SECONDS).isAck() || confirm.getReturned() != null) {
                throw new IllegalStateException("the broker did not take " + routingKey);
            }
        } catch (Exception e) {
            throw new IllegalStateException("publishing " + routingKey + " failed", e);
        }
    }

    /** The command as the SPEC puts it on the wire. */
    public Message message(Envelope<?> command) {
        try {
            return MessageBuilder.withBody(json.writeValueAsBytes(command))
                    .setMessageId(command.id())
                    .setType(command.type())
                    .setContentType("application/json")
                    .setCorrelationId(command.id())
                    .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the service recorded how the command ended. */
    public Outcome awaitOutcome(String commandId) {
        return await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> outcome(commandId), outcome -> outcome != null);
    }

    /** The recorded outcome, or null while there is none. */
    public Outcome outcome(String commandId) {
        Document entry = mongo.findOne(query(where("_id").is(commandId)), Document.class, Commands.COMMANDS);
        return entry == null
                ? null
                : new Outcome(
                        entry.getString(Commands.STATUS),
                        entry.getString(Commands.REASON),
                        entry.getString(Commands.RESOURCE_ID));
    }

    /** A queue of the test's own on {@code flock.events}; the broker deletes it once the test stops using it. */
    public EventTap listenToEvents(String pattern) {
        return EventTap.listen(admin, rabbit, pattern);
    }

    /** Waits for the message with this id in a dead-letter queue; others there are set aside. */
    public Message awaitDeadLetter(String queue, String messageId) {
        return await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(
                        () -> rabbit.receive(queue, 100),
                        message -> message != null
                                && messageId.equals(
                                        message.getMessageProperties().getMessageId()));
    }

    /** The messages in a queue, left where they are: fetched without acknowledgement, then handed back. */
    public List<Message> peek(String queue) {
        return rabbit.execute(channel -> {
            List<Message> messages = new ArrayList<>();
            List<Long> tags = new ArrayList<>();
            GetResponse response;
            while ((response = channel.basicGet(queue, false)) != null) {
                tags.add(response.getEnvelope().getDeliveryTag());
                messages.add(new Message(
                        response.getBody(),
                        properties.toMessageProperties(response.getProps(), response.getEnvelope(), "UTF-8")));
            }
            for (long tag : tags) {
                channel.basicNack(tag, false, true);
            }
            return messages;
        });
    }

    public static String uniqueId() {
        return UUID.randomUUID().toString();
    }

    /** A short random suffix, e.g. for usernames (at most 30 characters). */
    public static String suffix() {
        return uniqueId().substring(0, 8);
    }
}
