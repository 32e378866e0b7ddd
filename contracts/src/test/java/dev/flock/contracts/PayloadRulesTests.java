package dev.flock.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.UpdateProfile;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The rules the payload records keep themselves, whoever builds them. */
class PayloadRulesTests {

    @Test
    void aPayloadWithoutARequiredFieldIsRefused() {
        assertThatThrownBy(() ->
                        new ObjectMapper().readValue("{\"postId\":\"p\",\"authorUsername\":\"a\"}", CreatePost.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("text is required");
    }

    @Test
    void aProfileUpdateWithNothingToChangeIsRefused() {
        assertThatThrownBy(() -> new UpdateProfile(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTypeIdsAreTheSpecsRoutingKeys() {
        assertThat(Arrays.stream(MessageType.values()).map(MessageType::id))
                .containsExactlyInAnyOrder(
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
    void anUnknownTypeIdIsNotFound() {
        assertThat(MessageType.byId("post.edit")).isEmpty();
    }

    @Test
    void stateVersionsOrderByTimeThenByCommandId() {
        Instant now = Instant.parse("2026-11-28T07:00:00.123Z");
        assertThat(StateVersion.of(now, "b")).isGreaterThan(StateVersion.of(now, "a"));
        assertThat(StateVersion.of(now.plusMillis(1), "a")).isGreaterThan(StateVersion.of(now, "z"));
        assertThat(StateVersion.of(now, "x")).isEqualTo("1795849200123-x");
    }
}
