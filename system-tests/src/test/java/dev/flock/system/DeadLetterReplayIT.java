package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flock.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's recovery, end to end: commands dead-lettered while MongoDB was down are replayed through the admin
 * API once it is back, and each is applied exactly once, even when the replay is cut off half-way and run again.
 */
class DeadLetterReplayIT {

    private static final String DLQ = "post-worker.commands.dlq";
    private static final String ADMIN_PASSWORD = "admin-secret-for-tests";

    private static TestInfrastructure infrastructure;
    private static FlockSystem system;
    private static Api api;

    @BeforeAll
    static void start() {
        infrastructure = TestInfrastructure.startWithFaultyLinks();
        system = new FlockSystem(
                infrastructure,
                Map.of(
                        "flock.rate-limit.enabled",
                        "false",
                        "flock.admin.password",
                        ADMIN_PASSWORD,
                        // Two quick attempts, then the dead-letter queue: an outage fills it fast.
                        "flock.retry.delays",
                        "100ms",
                        "spring.data.mongodb.uri",
                        "mongodb://127.0.0.1:" + infrastructure.mongoLink().port()
                                + "/?directConnection=true&serverSelectionTimeoutMS=200&connectTimeoutMS=200"));
        api = new Api(system.baseUrl());
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @AfterEach
    void heal() {
        infrastructure.restoreLinks();
    }

    @Test
    void aHundredCommandsDeadLetteredInAnOutageAreAllAppliedOnceAfterReplay() {
        String admin = api.token("admin", ADMIN_PASSWORD);
        Author author = newAuthor("outage");
        List<Accepted> accepted = deadLetterDuringAnOutage(author, 100, admin);

        JsonNode report = api.post("/admin/dead-letters/" + DLQ + "/replay", Map.of("canary", true), admin)
                .body();

        assertThat(report.get("matched").asInt()).isEqualTo(100);
        assertThat(report.get("replayed").asInt()).isEqualTo(100);
        assertThat(report.get("left").asInt()).isZero();
        assertThat(report.at("/canary/status").asText()).isEqualTo("APPLIED");
        assertEachAppliedOnce(author, accepted);
    }

    @Test
    void aReplayCutOffHalfWayAndRunAgainAppliesEveryCommandOnce() throws Exception {
        String admin = api.token("admin", ADMIN_PASSWORD);
        Author author = newAuthor("interrupted");
        List<Accepted> accepted = deadLetterDuringAnOutage(author, 40, admin);

        // One every two seconds: once three have left the queue, the rest would take more than a minute.
        CompletableFuture<Api.Response> slowReplay = CompletableFuture.supplyAsync(
                () -> api.post("/admin/dead-letters/" + DLQ + "/replay", Map.of("ratePerSecond", 0.5), admin));
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(admin) <= 37);
        infrastructure
                .broker()
                .rabbitmqctl("close_all_connections", "-p", infrastructure.virtualHost(), "replay cut off");
        Api.Response cutOff = slowReplay.get();

        assertThat(cutOff.status()).isEqualTo(503);
        long leftByTheCut =
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> depth(admin), left -> left > 0);
        assertThat(leftByTheCut)
                .as("left in the dead-letter queue by the cut replay")
                .isBetween(1L, 38L);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> api.post("/admin/dead-letters/" + DLQ + "/replay", Map.of(), admin),
                        again -> again.status() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> depth(admin) == 0);
        assertEachAppliedOnce(author, accepted);
    }

    private record Author(String id, String token) {}

    private record Accepted(String commandId, String postId) {}

    private Author newAuthor(String name) {
        String username = name + "_" + UUID.randomUUID().toString().substring(0, 8);
        String id = api.register(username, "password one");
        return new Author(id, api.token(username, "password one"));
    }

    /** Posts while the posts database is unreachable, and waits until every command sits in the dead-letter queue. */
    private List<Accepted> deadLetterDuringAnOutage(Author author, int count, String admin) {
        long before = depth(admin);
        infrastructure.mongoLink().cut();
        List<Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Api.Response response = api.post("/posts", Map.of("text", "during the outage " + i), author.token());
            assertThat(response.status()).isEqualTo(202);
            accepted.add(new Accepted(
                    response.body().get("commandId").asText(),
                    response.body().get("resourceId").asText()));
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> depth(admin) == before + count);
        infrastructure.mongoLink().restore();
        return accepted;
    }

    private long depth(String admin) {
        JsonNode queues = api.get("/admin/dead-letters", admin).body();
        for (JsonNode queue : queues) {
            if (queue.get("queue").asText().equals(DLQ)) {
                return queue.get("messages").asLong();
            }
        }
        throw new AssertionError(DLQ + " not listed: " + queues);
    }

    private void assertEachAppliedOnce(Author author, List<Accepted> accepted) {
        for (Accepted command : accepted) {
            assertThat(api.awaitOutcome(command.commandId()).get("status").asText())
                    .isEqualTo("APPLIED");
        }
        List<String> stored = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = api.get(
                            "/accounts/" + author.id() + "/posts?limit=100" + (next == null ? "" : "&before=" + next),
                            null)
                    .body();
            page.get("items").forEach(item -> stored.add(item.get("id").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        assertThat(stored)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        accepted.stream().map(Accepted::postId).toList());
    }
}
