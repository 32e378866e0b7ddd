package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SPEC's user journeys, through the HTTP API, with every service running. */
class EndToEndIT {

    private static FlockSystem system;
    private static Api api;

    @BeforeAll
    static void start() {
        system = new FlockSystem(Map.of());
        api = new Api(system.baseUrl());
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void aPostReachesAFollowersHomeTimelineAndLeavesItWhenDeleted() {
        String alice = unique("alice");
        String bob = unique("bob");
        String aliceId = api.register(alice, "correct horse");
        api.register(bob, "battery staple");
        String aliceToken = api.token(alice, "correct horse");
        String bobToken = api.token(bob, "battery staple");

        JsonNode follow = api.command("POST", "/accounts/me/following", Map.of("accountId", aliceId), bobToken);
        assertThat(follow.get("status").asText()).isEqualTo("APPLIED");

        JsonNode posted = api.command("POST", "/posts", Map.of("text", "hello, flock"), aliceToken);
        assertThat(posted.get("status").asText()).isEqualTo("APPLIED");
        String postId = posted.get("resourceId").asText();

        JsonNode timeline = await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/timelines/home", bobToken).body(), page -> ids(page)
                        .contains(postId));
        JsonNode item = timeline.get("items").get(0);
        assertThat(item.get("authorUsername").asText()).isEqualTo(alice);
        assertThat(item.get("text").asText()).isEqualTo("hello, flock");

        JsonNode deleted = api.command("DELETE", "/posts/" + postId, null, aliceToken);
        assertThat(deleted.get("status").asText()).isEqualTo("APPLIED");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/timelines/home", bobToken).body(), page -> !ids(page)
                        .contains(postId));
        assertThat(api.get("/posts/" + postId, null).status()).isEqualTo(404);
    }

    @Test
    void aUsernameTakenIgnoringCaseIsRejected() {
        String name = unique("carol");
        api.register(name, "password one");

        JsonNode outcome = api.command(
                "POST", "/accounts", Map.of("username", name.toUpperCase(), "password", "password two"), null);

        assertThat(outcome.get("status").asText()).isEqualTo("REJECTED");
        assertThat(outcome.get("reason").asText()).isEqualTo("USERNAME_TAKEN");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static String unique(String name) {
        return name + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
