package dev.flock.platform.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.StateVersion;
import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.DeletePost;
import dev.flock.contracts.command.FollowAccount;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.contracts.command.UnfollowAccount;
import dev.flock.contracts.command.UpdateProfile;
import dev.flock.contracts.event.AccountFollowed;
import dev.flock.contracts.event.AccountRegistered;
import dev.flock.contracts.event.AccountUnfollowed;
import dev.flock.contracts.event.PostCreated;
import dev.flock.contracts.event.PostDeleted;
import dev.flock.contracts.event.ProfileUpdated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.amqp.core.Message;

/** Every message type of SPEC §3, through the production codec and back, with the SPEC's type ids. */
class MessageRoundTripTests {

    private static final Instant AT = Instant.parse("2026-11-28T07:00:00.123Z");

    private final MessageCodec codec = new MessageCodec(new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    static Stream<Arguments> everyMessageType() {
        return Stream.of(
                Arguments.of("account.register", new RegisterAccount("01J0ACCOUNT", "alice", "$2a$10$hash", "Alice")),
                Arguments.of("account.update-profile", new UpdateProfile("Alice A.", null)),
                Arguments.of("account.follow", new FollowAccount("01J0BOB")),
                Arguments.of("account.unfollow", new UnfollowAccount("01J0BOB")),
                Arguments.of("post.create", new CreatePost("01J0POST", "alice", "hello, flock")),
                Arguments.of("post.delete", new DeletePost("01J0POST")),
                Arguments.of("account.registered", new AccountRegistered("01J0ACCOUNT", "alice", "Alice", AT)),
                Arguments.of("account.profile-updated", new ProfileUpdated("01J0ACCOUNT", "Alice A.", "bio")),
                Arguments.of(
                        "account.followed",
                        new AccountFollowed("01J0ALICE", "01J0BOB", AT, StateVersion.of(AT, "cmd-1"))),
                Arguments.of(
                        "account.unfollowed",
                        new AccountUnfollowed("01J0ALICE", "01J0BOB", AT, StateVersion.of(AT, "cmd-2"))),
                Arguments.of("post.created", new PostCreated("01J0POST", "01J0ALICE", "alice", "hello, flock", AT)),
                Arguments.of("post.deleted", new PostDeleted("01J0POST", "01J0ALICE", AT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMessageType")
    void aMessageSurvivesTheCodecAndIsTypedAsTheSpecSays(String typeId, Object payload) {
        Envelope<Object> sent = Envelope.of("cmd-1", AT, "01J0ALICE", payload);

        Message message = codec.encode(sent, "cmd-1");
        Envelope<?> received = codec.decode(message);

        assertThat(received).isEqualTo(sent);
        assertThat(received.type()).isEqualTo(typeId);
        assertThat(message.getMessageProperties().getType()).isEqualTo(typeId);
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8))
                .contains(
                        "\"type\":\"" + typeId + "\"", "\"version\":1", "\"occurredAt\":\"2026-11-28T07:00:00.123Z\"");
    }

    @Test
    void aFollowEventWithoutAVersionFromBeforeItExistedIsOrderedByItsTimeAlone() {
        String json =
                "{\"id\":\"e-1\",\"type\":\"account.followed\",\"version\":1,\"occurredAt\":\"2026-11-28T07:00:00.123Z\","
                        + "\"actor\":\"a\",\"payload\":{\"followerId\":\"a\",\"followeeId\":\"b\",\"followedAt\":\"2026-11-28T07:00:00.123Z\"}}";

        Envelope<?> received = codec.decode(new Message(json.getBytes(StandardCharsets.UTF_8)));

        assertThat(((AccountFollowed) received.payload()).version()).isEqualTo("1795849200123-");
    }
}
