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

    /** Well formed (a ULID, as the edge issues ids) but never issued, so the worker, not the edge, rejects it. */
    private static final String NO_SUCH_ACCOUNT = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

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

        // Read once before the change, so that a cache in front of the store would hold the old answer.
        assertThat(api.get("/posts/" + postId, null).status()).isEqualTo(200);
        JsonNode deleted = api.command("DELETE", "/posts/" + postId, null, aliceToken);
        assertThat(deleted.get("status").asText()).isEqualTo("APPLIED");
        // Once APPLIED, the post is gone at once; timelines follow eventually (SPEC).
        assertThat(api.get("/posts/" + postId, null).status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/timelines/home", bobToken).body(), page -> !ids(page)
                        .contains(postId));
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

    @Test
    void followingMergesPastPostsAndUnfollowingRemovesThem() {
        String writer = unique("dana");
        String reader = unique("eve");
        String writerId = api.register(writer, "password one");
        String readerId = api.register(reader, "password two");
        String writerToken = api.token(writer, "password one");
        String readerToken = api.token(reader, "password two");
        String earlier = api.command("POST", "/posts", Map.of("text", "before you came"), writerToken)
                .get("resourceId")
                .asText();

        assertThat(account(writerId).get("followers").asLong()).isZero();
        assertThat(account(readerId).get("following").asLong()).isZero();
        JsonNode follow = api.command("POST", "/accounts/me/following", Map.of("accountId", writerId), readerToken);

        // Once APPLIED, the accounts show the follow at once; the home timeline follows eventually (SPEC).
        assertThat(follow.get("status").asText()).isEqualTo("APPLIED");
        assertThat(account(writerId).get("followers").asLong()).isEqualTo(1);
        assertThat(account(readerId).get("following").asLong()).isEqualTo(1);
        assertThat(ids(api.get("/accounts/" + writerId + "/followers", null).body()))
                .containsExactly(readerId);
        assertThat(ids(api.get("/accounts/" + readerId + "/following", null).body()))
                .containsExactly(writerId);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ids(api.get("/timelines/home", readerToken).body()), ids -> ids.contains(earlier));

        JsonNode unfollow = api.command("DELETE", "/accounts/me/following/" + writerId, null, readerToken);

        assertThat(unfollow.get("status").asText()).isEqualTo("APPLIED");
        assertThat(account(writerId).get("followers").asLong()).isZero();
        assertThat(account(readerId).get("following").asLong()).isZero();
        assertThat(ids(api.get("/accounts/" + writerId + "/followers", null).body()))
                .isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ids(api.get("/timelines/home", readerToken).body()), List::isEmpty);
    }

    @Test
    void anAuthorsPostsComeNewestFirstInPagesLinkedByCursor() {
        String author = unique("frank");
        String authorId = api.register(author, "password one");
        String token = api.token(author, "password one");
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posted.add(
                    0,
                    api.command("POST", "/posts", Map.of("text", "post " + i), token)
                            .get("resourceId")
                            .asText());
        }

        Api.Response first = api.get("/accounts/" + authorId + "/posts?limit=2", null);
        String next = first.header("Link").replaceAll("^<(.*)>; rel=\"next\"$", "$1");
        Api.Response second = api.get(next, null);
        Api.Response last = api.get(
                "/accounts/" + authorId + "/posts?limit=2&before="
                        + second.body().get("next").asText(),
                null);

        assertThat(ids(first.body())).containsExactlyElementsOf(posted.subList(0, 2));
        assertThat(ids(second.body())).containsExactlyElementsOf(posted.subList(2, 4));
        assertThat(ids(last.body())).containsExactlyElementsOf(posted.subList(4, 5));
        assertThat(last.body().get("next").isNull()).isTrue();
        assertThat(last.header("Link")).isNull();
    }

    @Test
    void aProfileChangeShowsOnTheAccountOnceApplied() {
        String name = unique("gus");
        String id = api.register(name, "password one");
        String token = api.token(name, "password one");
        assertThat(api.get("/accounts/by-username/" + name.toUpperCase(), null)
                        .body()
                        .get("bio")
                        .asText())
                .isEmpty();

        JsonNode outcome =
                api.command("PATCH", "/accounts/me", Map.of("displayName", "Gus G.", "bio", "I post."), token);

        assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
        JsonNode account =
                api.get("/accounts/by-username/" + name.toUpperCase(), null).body();
        assertThat(account.get("id").asText()).isEqualTo(id);
        assertThat(account.get("displayName").asText()).isEqualTo("Gus G.");
        assertThat(account.get("bio").asText()).isEqualTo("I post.");
    }

    @Test
    void businessRulesEndCommandsAsRejectedWithAReason() {
        String owner = unique("hal");
        String other = unique("ida");
        api.register(owner, "password one");
        api.register(other, "password two");
        String ownerToken = api.token(owner, "password one");
        String otherToken = api.token(other, "password two");
        String postId = api.command("POST", "/posts", Map.of("text", "mine"), ownerToken)
                .get("resourceId")
                .asText();

        JsonNode notAuthor = api.command("DELETE", "/posts/" + postId, null, otherToken);
        JsonNode unknown =
                api.command("POST", "/accounts/me/following", Map.of("accountId", NO_SUCH_ACCOUNT), otherToken);

        assertThat(notAuthor.get("status").asText()).isEqualTo("REJECTED");
        assertThat(notAuthor.get("reason").asText()).isEqualTo("NOT_AUTHOR");
        assertThat(unknown.get("status").asText()).isEqualTo("REJECTED");
        assertThat(unknown.get("reason").asText()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(api.get("/posts/" + postId, null).status()).isEqualTo(200);
    }

    private static JsonNode account(String accountId) {
        Api.Response account = api.get("/accounts/" + accountId, null);
        assertThat(account.status()).isEqualTo(200);
        return account.body();
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
