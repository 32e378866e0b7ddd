package dev.flock.platform.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.contracts.command.CreatePost;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

class MessageCodecTests {

    private final MessageCodec codec = new MessageCodec(new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    private final Envelope<CreatePost> command = Envelope.of(
            "cmd-1", Instant.parse("2026-11-28T08:00:00Z"), "author-1", new CreatePost("post-1", "alice", "hi"));

    @Test
    void anEncodedCommandCarriesItsIdsAndIsPersistentJson() {
        Message message = codec.encode(command, command.id());
        MessageProperties properties = message.getMessageProperties();

        assertThat(properties.getMessageId()).isEqualTo("cmd-1");
        assertThat(properties.getType()).isEqualTo("post.create");
        assertThat(properties.getCorrelationId()).isEqualTo("cmd-1");
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(codec.decode(message)).isEqualTo(command);
    }

    @Test
    void payloadFieldsThisVersionDoesNotKnowAreIgnored() {
        Envelope<?> decoded = codec.decode(json("{\"id\":\"c\",\"type\":\"post.create\",\"version\":1,"
                + "\"occurredAt\":\"2026-11-28T08:00:00Z\",\"actor\":\"a\","
                + "\"payload\":{\"postId\":\"p\",\"authorUsername\":\"alice\",\"text\":\"hi\",\"mood\":\"happy\"}}"));

        assertThat(decoded.payload()).isEqualTo(new CreatePost("p", "alice", "hi"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json             | {oops                                                                  | UNPARSEABLE",
                "not an object        | [1,2]                                                                  | UNPARSEABLE",
                "unknown type         | {\"id\":\"c\",\"type\":\"post.edit\",\"version\":1}                    | UNKNOWN_TYPE",
                "newer version        | {\"id\":\"c\",\"type\":\"post.create\",\"version\":2}                  | UNSUPPORTED_VERSION",
                "no version           | {\"id\":\"c\",\"type\":\"post.create\"}                                | INVALID_PAYLOAD",
                "no type              | {\"id\":\"c\",\"version\":1}                                           | INVALID_PAYLOAD",
                "missing payload text | {\"id\":\"c\",\"type\":\"post.create\",\"version\":1,\"occurredAt\":\"2026-11-28T08:00:00Z\",\"payload\":{\"postId\":\"p\",\"authorUsername\":\"a\"}} | INVALID_PAYLOAD",
                "no id                | {\"type\":\"post.delete\",\"version\":1,\"occurredAt\":\"2026-11-28T08:00:00Z\",\"payload\":{\"postId\":\"p\"}} | INVALID_PAYLOAD",
            })
    void aMessageThatCannotBeReadFailsPermanentlyWithItsReason(String what, String body, FailureReason reason) {
        assertThatThrownBy(() -> codec.decode(json(body)))
                .isInstanceOfSatisfying(PermanentFailure.class, failure -> assertThat(failure.reason())
                        .isEqualTo(reason));
    }

    private static Message json(String body) {
        return new Message(body.getBytes(StandardCharsets.UTF_8), new MessageProperties());
    }
}
