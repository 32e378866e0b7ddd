package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flock.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults of the seed design's three kinds, injected into the whole running system: the network to the broker
 * (connections closed, the broker unreachable), the data store (MongoDB unreachable), and a service dependency
 * (a worker replica stopped). The promise under test: a 202 means applied exactly once; anything else is refused.
 */
class FaultToleranceIT {

    private static FlockSystem system;
    private static Api api;
    private static TestInfrastructure infrastructure;

    @BeforeAll
    static void start() {
        infrastructure = TestInfrastructure.startWithFaultyLinks();
        system = new FlockSystem(
                infrastructure,
                Map.of(
                        "flock.rate-limit.enabled", "false",
                        // Every read asks MongoDB, so that a cached value is only ever served because it is down.
                        "flock.cache.fresh-for", "0s",
                        "flock.retry.delays", "500ms,1s,2s,4s"));
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
    void everyAcceptedCommandIsAppliedExactlyOnceWhileBrokerConnectionsAreClosed() throws Exception {
        Author author = newAuthor("closer");

        List<Api.Response> responses = postConcurrently(author, 120, count -> {
            if (count == 30 || count == 80) {
                infrastructure
                        .broker()
                        .rabbitmqctl("close_all_connections", "-p", infrastructure.virtualHost(), "fault test");
            }
        });

        List<String> accepted = accepted(responses);
        assertThat(accepted).isNotEmpty();
        assertThat(responses)
                .allSatisfy(response -> assertThat(response.status()).isIn(202, 503));
        for (Api.Response response : responses) {
            if (response.status() == 202) {
                assertThat(api.awaitOutcome(response.body().get("commandId").asText())
                                .get("status")
                                .asText())
                        .isEqualTo("APPLIED");
            }
        }
        List<String> stored = authorsPostIds(author.id());
        System.out.printf(
                "fault summary (connections closed twice): sent=%d accepted=%d refused=%d stored=%d%n",
                responses.size(), accepted.size(), responses.size() - accepted.size(), stored.size());
        assertThat(stored).doesNotHaveDuplicates().containsAll(accepted);
        assertThat(stored.size()).isLessThanOrEqualTo(responses.size());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> homeTimeline(author.token()), timeline -> timeline.containsAll(accepted));
        assertThat(homeTimeline(author.token())).doesNotHaveDuplicates();
    }

    @Test
    void withTheBrokerUnreachableTheEdgeRefusesCommandsAndRecoversWhenItIsBack() {
        Author author = newAuthor("unreachable");
        infrastructure.brokerLink().cut();

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            Api.Response response = api.post("/posts", Map.of("text", "into the void " + i), author.token());
            statuses.add(response.status());
            assertThat(response.header("Retry-After")).isNotNull();
        }
        assertThat(statuses).containsOnly(503);
        await().atMost(Duration.ofSeconds(15)).until(this::readiness, status -> status.equals("DOWN"));

        infrastructure.brokerLink().restore();

        await().atMost(Duration.ofSeconds(30)).until(this::readiness, status -> status.equals("UP"));
        Api.Response accepted = await().atMost(Duration.ofSeconds(30))
                .until(() -> api.post("/posts", Map.of("text", "back again"), author.token()), r -> r.status() == 202);
        JsonNode outcome = api.awaitOutcome(accepted.body().get("commandId").asText());
        assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
        assertThat(authorsPostIds(author.id())).hasSize(1);
    }

    @Test
    void whileMongoDbIsDownTheEdgeServesTheLastKnownAccountAndRefusesWhatItNeverSaw() {
        Author author = newAuthor("cached");
        Author neverRead = newAuthor("uncached");
        JsonNode known = api.get("/accounts/" + author.id(), null).body();
        double staleBefore = staleServes();

        infrastructure.mongoLink().cut();

        Api.Response cached = api.get("/accounts/" + author.id(), null);
        Api.Response unknown = api.get("/accounts/" + neverRead.id(), null);
        assertThat(cached.status()).isEqualTo(200);
        assertThat(cached.body()).isEqualTo(known);
        assertThat(staleServes()).isGreaterThan(staleBefore);
        assertThat(unknown.status()).isEqualTo(503);
        assertThat(unknown.header("Retry-After")).isNotNull();
    }

    @Test
    void aCommandAcceptedWhileMongoDbIsDownIsAppliedOnceItIsBack() {
        Author author = newAuthor("patient");
        infrastructure.mongoLink().cut();

        Api.Response accepted = api.post("/posts", Map.of("text", "written during the outage"), author.token());
        assertThat(accepted.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> retriedByPostWorkers() > 0);

        infrastructure.mongoLink().restore();

        JsonNode outcome = api.awaitOutcome(accepted.body().get("commandId").asText());
        assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
        assertThat(authorsPostIds(author.id()))
                .containsExactly(accepted.body().get("resourceId").asText());
    }

    @Test
    void stoppingAWorkerReplicaMidStreamLosesAndDuplicatesNothing() throws Exception {
        Author author = newAuthor("steady");

        List<Api.Response> responses = postConcurrently(author, 60, count -> {
            if (count == 20) {
                system.stopOnePostWorker();
            }
        });

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(202));
        for (Api.Response response : responses) {
            assertThat(api.awaitOutcome(response.body().get("commandId").asText())
                            .get("status")
                            .asText())
                    .isEqualTo("APPLIED");
        }
        assertThat(authorsPostIds(author.id()))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(accepted(responses));
    }

    private record Author(String id, String token) {}

    private Author newAuthor(String name) {
        String username = name + "_" + UUID.randomUUID().toString().substring(0, 8);
        String id = api.register(username, "password one");
        return new Author(id, api.token(username, "password one"));
    }

    /** Sends {@code count} posts from four threads; {@code beforeEach} runs before the n-th is sent. */
    private List<Api.Response> postConcurrently(Author author, int count, IntConsumer beforeEach) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Api.Response> responses = new ConcurrentLinkedQueue<>();
        List<Future<?>> running = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            running.add(clients.submit(() -> {
                int n;
                while ((n = next.getAndIncrement()) < count) {
                    beforeEach.accept(n);
                    responses.add(api.post("/posts", Map.of("text", "post " + n), author.token()));
                }
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        return new ArrayList<>(responses);
    }

    private static List<String> accepted(List<Api.Response> responses) {
        return responses.stream()
                .filter(response -> response.status() == 202)
                .map(response -> response.body().get("resourceId").asText())
                .toList();
    }

    private List<String> authorsPostIds(String authorId) {
        return allPages("/accounts/" + authorId + "/posts", null);
    }

    private List<String> homeTimeline(String token) {
        return allPages("/timelines/home", token);
    }

    /** The ids of every item of a paged list, following the cursors. */
    private List<String> allPages(String path, String token) {
        List<String> ids = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = api.get(path + "?limit=100" + (next == null ? "" : "&before=" + next), token)
                    .body();
            page.get("items").forEach(item -> ids.add(item.get("id").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);
        return ids;
    }

    private String readiness() {
        JsonNode health =
                api.get(system.actuatorUrl() + "/health/readiness", null).body();
        return health.get("status").asText();
    }

    private double staleServes() {
        MeterRegistry meters = system.edge().getBean(MeterRegistry.class);
        return meters.find("flock.cache.reads").tag("result", "stale").counters().stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }

    private double retriedByPostWorkers() {
        return system.postWorkers().stream()
                .map(worker -> worker.getBean(MeterRegistry.class)
                        .find("flock.messages.failed")
                        .tags("queue", "post-worker.commands", "disposition", "retried")
                        .counter())
                .filter(counter -> counter != null)
                .mapToDouble(counter -> counter.count())
                .sum();
    }
}
