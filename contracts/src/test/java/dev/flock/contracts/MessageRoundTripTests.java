package dev.flock.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageRoundTripTests {

    private static final Instant AT = Instant.parse("2026-11-28T07:00:00.123Z");

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static Stream<Object> payloads() {
        return Stream.of(
                new RegisterAccount("01J0ACCOUNT", "alice", "$2a$10$hash", "Alice"),
                new UpdateProfile("Alice A.", null),
                new FollowAccount("01J0BOB"),
                new UnfollowAccount("01J0BOB"),
                new CreatePost("01J0POST", "alice", "hello, flock"),
                new DeletePost("01J0POST"),
                new AccountRegistered("01J0ACCOUNT", "alice", "Alice", AT),
                new ProfileUpdated("01J0ACCOUNT", "Alice A.", "bio"),
                new AccountFollowed("01J0ALICE", "01J0BOB", AT, StateVersion.of(AT, "cmd-1")),
                new AccountUnfollowed("01J0ALICE", "01J0BOB", AT, StateVersion.of(AT, "cmd-2")),
                new PostCreated("01J0POST", "01J0ALICE", "alice", "hello, flock", AT),
                new PostDeleted("01J0POST", "01J0ALICE", AT));
    }

    @Test
    void everyMessageTypeHasAnExamplePayload() {
        List<Class<?>> covered = payloads().map(Object::getClass).toList();
        assertThat(covered)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(MessageType.values())
                        .map(MessageType::payloadType)
                        .toList());
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void envelopeSurvivesJsonRoundTrip(Object payload) throws Exception {
        Envelope<Object> sent = Envelope.of("cmd-1", AT, "01J0ALICE", payload);

        String json = mapper.writeValueAsString(sent);
        JavaType type = mapper.getTypeFactory().constructParametricType(Envelope.class, payload.getClass());
        Envelope<?> received = mapper.readValue(json, type);

        assertThat(received).isEqualTo(sent);
        assertThat(received.type()).isEqualTo(MessageType.of(payload.getClass()).id());
        assertThat(json).contains("\"occurredAt\":\"2026-11-28T07:00:00.123Z\"");
    }

    @Test
    void payloadWithoutARequiredFieldIsRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"postId\":\"p\",\"authorUsername\":\"a\"}", CreatePost.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("text is required");
    }

    @Test
    void profileUpdateWithNothingToChangeIsRefused() {
        assertThatThrownBy(() -> new UpdateProfile(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typeIdsAreTheSpecsRoutingKeys() {
        assertThat(Arrays.stream(MessageType.values()).map(MessageType::id))
                .containsExactly(
                        "account.register",
                        "account.update-profile",
                        "account.follow",
                        "account.unfollow",
                        "post.create",
                        "post.delete",
                        "account.registered",
                        "account.profile-updated",
                        "account.followed",
                        "account.unfollowed",
                        "post.created",
                        "post.deleted");
    }

    @Test
    void unknownTypeIdIsNotFound() {
        assertThat(MessageType.byId("post.edit")).isEmpty();
    }
}
