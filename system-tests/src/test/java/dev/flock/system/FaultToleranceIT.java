package dev.flock.system;

import static java.util.function.Function.identity;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Projections;
import dev.flock.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults of the seed design's three kinds, injected into the whole running system: the network to the broker
 * (connections closed, frozen, the broker unreachable), the data store (MongoDB unreachable), and a service
 * dependency (a worker replica stopped). The promise under test: a 202 means applied exactly once. A 503 means "not
 * confirmed": the command may still be applied when only its confirm was lost, so clients repeat it with the same
 * Idempotency-Key, and what is stored is counted by what could double (texts, usernames, pairs), not by ids.
 */
class FaultToleranceIT {

    private static FlockSystem system;
    private static Api api;
    private static TestInfrastructure infrastructure;
    private static BrokerQueues queues;

    @BeforeAll
    static void start() {
        infrastructure = TestInfrastructure.startWithFaultyLinks();
        queues = new BrokerQueues(infrastructure);
        system = new FlockSystem(
                infrastructure, Map.of("flock.rate-limit.enabled", "false", "flock.retry.delays", "500ms,1s,2s,4s"));
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
    void commandsRepeatedWithTheirKeysThroughClosedBrokerConnectionsAreEachAppliedOnce() throws Exception {
        Api.Account author = api.newAccount("closer");
        List<Api.Account> readers = IntStream.range(0, 4)
                .mapToObj(n -> api.newAccount("closer_reader"))
                .toList();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> texts = IntStream.range(0, 100)
                .mapToObj(n -> "closed connections " + run + " post " + n)
                .toList();
        // Mixed case: a username is unique ignoring case, and counted so.
        List<String> usernames =
                IntStream.range(0, 10).mapToObj(n -> "Joiner_" + run + "_" + n).toList();
        List<CommandLoad.Request> requests = new ArrayList<>();
        for (int n = 0; n < texts.size(); n++) {
            requests.add(CommandLoad.Request.post(texts.get(n), author.token()));
            if (n % 25 == 5) {
                requests.add(new CommandLoad.Request(
                        "POST",
                        "/accounts/me/following",
                        Map.of("accountId", author.id()),
                        readers.get(n / 25).token()));
            }
            if (n % 10 == 0) {
                requests.add(new CommandLoad.Request(
                        "POST",
                        "/accounts",
                        Map.of("username", usernames.get(n / 10), "password", "password one"),
                        null));
            }
        }

        CommandLoad.Report report = new CommandLoad(api, 4, accepted -> {
                    if (accepted == 30 || accepted == 80) {
                        infrastructure
                                .broker()
                                .rabbitmqctl("close_all_connections", "-p", infrastructure.virtualHost(), "fault test");
                    }
                })
                .run(requests);

        assertThat(report.accepted()).hasSize(requests.size());
        assertEachApplied(report);
        queues.awaitDrained("timeline-projector.events");
        List<String> stored = authorsTexts(author);
        Map<String, Long> accounts = accountsPerUsername(run);
        List<String> followers = api.allItems("/accounts/" + author.id() + "/followers", null, "id");
        Map<String, List<String>> timelines = new LinkedHashMap<>();
        timelines.put(author.username(), homeTimeline(author));
        readers.forEach(reader -> timelines.put(reader.username(), homeTimeline(reader)));
        System.out.printf(
                "fault summary (connections closed twice): %s stored=%d duplicate-texts=%d accounts-registered=%d"
                        + " follow-edges=%d timeline-duplicates=%d%n",
                report.counts(),
                stored.size(),
                Repeats.in(stored),
                accounts.size(),
                followers.size(),
                timelines.values().stream().mapToLong(Repeats::in).sum());

        assertThat(stored).as("texts of the stored posts").containsExactlyInAnyOrderElementsOf(texts);
        assertThat(accounts)
                .as("accounts per username, ignoring case")
                .containsOnlyKeys(usernames.stream()
                        .map(username -> username.toLowerCase(Locale.ROOT))
                        .toList())
                .allSatisfy((username, count) -> assertThat(count).as(username).isEqualTo(1L));
        assertThat(followers)
                .as("followers of the author")
                .containsExactlyInAnyOrderElementsOf(
                        readers.stream().map(Api.Account::id).toList());
        assertThat(followerCount(author)).isEqualTo(readers.size());
        List<String> postIds = posts(report);
        timelines.forEach((owner, timeline) ->
                assertThat(timeline).as("home timeline of %s", owner).containsExactlyInAnyOrderElementsOf(postIds));
    }

    @Test
    void aPostRefusedWith503BecauseItsConfirmWasLostIsAppliedAndItsRepeatWithTheSameKeyAddsNothing() {
        Api.Account author = api.newAccount("unconfirmed");
        String key = UUID.randomUUID().toString();
        Map<String, String> post = Map.of("text", "its confirm was lost");
        infrastructure.brokerLink().freeze();

        Api.Response refused = api.send("POST", "/posts", post, author.token(), key);

        assertThat(refused.status()).isEqualTo(503);
        infrastructure.brokerLink().restore();
        // The command reached the broker and only its confirm came too late: it is applied although refused.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> authorsTexts(author), texts -> texts.contains("its confirm was lost"));
        Api.Response repeated = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> api.send("POST", "/posts", post, author.token(), key), r -> r.status() == 202);
        JsonNode outcome = api.awaitOutcome(repeated.body().get("commandId").asText());
        assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
        queues.awaitDrained("post-worker.commands", "timeline-projector.events");
        assertThat(authorsTexts(author)).containsExactly("its confirm was lost");
        assertThat(homeTimeline(author))
                .containsExactly(outcome.get("resourceId").asText());
    }

    @Test
    void withTheBrokerUnreachableTheEdgeRefusesCommandsAndRecoversWhenItIsBack() {
        Api.Account author = api.newAccount("unreachable");
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
        // With the queue empty, no refused post is on its way: none of them is stored.
        queues.awaitDrained("post-worker.commands");
        assertThat(authorsTexts(author)).containsExactly("back again");
    }

    @Test
    void whileMongoDbIsDownTheEdgeServesTheLastKnownAccountAndRefusesWhatItNeverSaw() {
        Api.Account author = api.newAccount("cached");
        Api.Account neverRead = api.newAccount("uncached");
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
        Api.Account author = api.newAccount("patient");
        double retriedBefore = retriedByPostWorkers();
        infrastructure.mongoLink().cut();

        Api.Response accepted = api.post("/posts", Map.of("text", "written during the outage"), author.token());
        assertThat(accepted.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> retriedByPostWorkers() > retriedBefore);

        infrastructure.mongoLink().restore();

        JsonNode outcome = api.awaitOutcome(accepted.body().get("commandId").asText());
        assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
        assertThat(api.allItems("/accounts/" + author.id() + "/posts", null, "id"))
                .containsExactly(accepted.body().get("resourceId").asText());
    }

    @Test
    void everyPostIsAppliedAndStoredOnceWhenAWorkerReplicaStopsGracefullyMidStream() throws Exception {
        Api.Account author = api.newAccount("steady");
        List<String> texts =
                IntStream.range(0, 60).mapToObj(n -> "steady post " + n).toList();

        CommandLoad.Report report = new CommandLoad(api, 4, accepted -> {
                    if (accepted == 20) {
                        system.stopOnePostWorker();
                    }
                })
                .run(texts.stream()
                        .map(text -> CommandLoad.Request.post(text, author.token()))
                        .toList());

        assertThat(report.refused()).as("503s").isZero();
        assertEachApplied(report);
        assertThat(authorsTexts(author)).containsExactlyInAnyOrderElementsOf(texts);
    }

    private static void assertEachApplied(CommandLoad.Report report) {
        for (CommandLoad.Accepted command : report.accepted()) {
            assertThat(api.awaitOutcome(command.commandId()).get("status").asText())
                    .as(
                            "status of %s %s",
                            command.request().path(), command.request().body())
                    .isEqualTo("APPLIED");
        }
    }

    private static List<String> posts(CommandLoad.Report report) {
        return report.accepted().stream()
                .filter(command -> command.request().path().equals("/posts"))
                .map(CommandLoad.Accepted::resourceId)
                .toList();
    }

    private static List<String> authorsTexts(Api.Account author) {
        return api.allItems("/accounts/" + author.id() + "/posts", null, "text");
    }

    private static List<String> homeTimeline(Api.Account owner) {
        return api.allItems("/timelines/home", owner.token(), "id");
    }

    private static long followerCount(Api.Account account) {
        return api.get("/accounts/" + account.id(), null)
                .body()
                .get("followers")
                .asLong();
    }

    /**
     * Accounts per username ignoring case, among those containing {@code part}, read from the account worker's own
     * collection: no API answer could show a username twice.
     */
    private static Map<String, Long> accountsPerUsername(String part) {
        try (MongoClient client = MongoClients.create(infrastructure.mongo().uri())) {
            List<String> usernames = new ArrayList<>();
            client.getDatabase("accounts")
                    .getCollection("accounts")
                    .find()
                    .projection(Projections.include("username"))
                    .map((Document account) -> account.getString("username").toLowerCase(Locale.ROOT))
                    .into(usernames);
            return usernames.stream()
                    .filter(username -> username.contains(part.toLowerCase(Locale.ROOT)))
                    .collect(groupingBy(identity(), counting()));
        }
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
                        .counters())
                .flatMap(counters -> counters.stream())
                .mapToDouble(counter -> counter.count())
                .sum();
    }
}
