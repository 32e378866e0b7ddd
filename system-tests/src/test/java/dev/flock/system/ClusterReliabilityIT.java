package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.flock.contracts.Topology;
import dev.flock.testsupport.FaultyLink;
import dev.flock.testsupport.TestMongo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reliability suite (issue 12, docs/reliability.md T3): Flock's whole command path, as real processes (the edge,
 * two replicas of each worker, the projector), on a three-node RabbitMQ cluster with the production overlay's
 * settings ({@code bin/flock cluster}), each scenario a fault injected under a steady load of posts, follows,
 * unfollows, deletes and registrations from concurrent clients that repeat a request with its Idempotency-Key after
 * a 503 or a lost answer. After each, once the system settled, the one invariant: every 202 is APPLIED once or
 * REJECTED with a reason or dead-lettered, and after the dead-letter queues are replayed, APPLIED; the read models
 * hold each item once, and only what they should; every work queue drains. Not part of {@code ./mvnw verify}: run
 * it with {@code bin/flock reliability} ({@code -Pcluster}; {@code -Dflock.load=short|full}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterReliabilityIT {

    /**
     * How big a load is: {@code short} for CI, {@code full} on demand. The rate is steady and the load lasts as long
     * as the fault (a partition is noticed after 15 to 20 s, the production overlay's net_ticktime): the accounts are
     * enough that no home timeline outgrows its cap of 800 in the longest scenario.
     */
    private record Load(int accounts, int minimum, int maximum, double perSecond, int clients, int poison) {

        static Load of(String name) {
            return switch (name) {
                case "full" -> new Load(32, 2000, 5000, 20, 16, 40);
                case "short" -> new Load(16, 300, 2400, 6, 8, 10);
                default -> throw new IllegalArgumentException("flock.load is short or full, not " + name);
            };
        }
    }

    /** A fault, injected while the load runs. */
    @FunctionalInterface
    private interface Fault {
        void inject() throws Exception;
    }

    private static final String ADMIN_PASSWORD = "admin-password-of-the-reliability-suite";
    private static final List<String> WORK_QUEUES = Topology.WORK_QUEUES;
    private static final Load LOAD = Load.of(System.getProperty("flock.load", "short"));
    /** Settling may wait out the longest back-off a 30 s MongoDB outage leads to (1 s, 5 s, 30 s, then 2 min). */
    private static final Duration SETTLE = Duration.ofMinutes(8);

    private static RabbitCluster cluster;
    private static TestMongo mongo;
    private static FaultyLink mongoLink;
    private static SuiteRedis redis;
    private static FlockProcesses flock;
    private static Api api;
    private static BrokerQueues queues;
    private static final List<ReliabilityRow> rows = new ArrayList<>();
    /** The load of the running scenario, which faults pace themselves by, and its accounts. */
    private static volatile CommandLoad load;

    private static volatile Workload workload;

    private static volatile CompletableFuture<CommandLoad.Report> running;

    @BeforeAll
    static void start() {
        // A -Dit.test pattern such as dev.flock.system.*IT matches this class too: it runs with -Pcluster only.
        Assumptions.assumeTrue(
                Boolean.getBoolean("flock.cluster.suite"),
                "the reliability suite runs with -Pcluster (bin/flock reliability), as root");
        cluster = RabbitCluster.up();
        mongo = TestMongo.start();
        URI mongoAddress = URI.create(mongo.uri().replace("mongodb://", "tcp://"));
        mongoLink = FaultyLink.to(mongoAddress.getHost(), mongoAddress.getPort());
        redis = SuiteRedis.start();
        Map<String, String> properties = new HashMap<>(cluster.springProperties());
        properties.putAll(redis.springProperties());
        // Through the link, with the services' own driver timeouts: the suite tests what ships.
        properties.put(
                "spring.data.mongodb.uri", "mongodb://127.0.0.1:" + mongoLink.port() + "/?directConnection=true");
        flock = new FlockProcesses(
                properties, Map.of("flock.rate-limit.enabled", "false", "flock.admin.password", ADMIN_PASSWORD));
        api = new Api(flock.baseUrl());
        queues = new BrokerQueues(cluster::queues);
    }

    @AfterAll
    static void stop() throws Exception {
        if (rows.isEmpty() && cluster == null) {
            return;
        }
        String table = ReliabilityRow.table(rows);
        System.out.println(
                "\nReliability table (flock.load=" + System.getProperty("flock.load", "short") + "):\n" + table);
        Path report = Path.of("target", "reliability", "table.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table);
        if (flock != null) {
            flock.close();
        }
        if (mongoLink != null) {
            mongoLink.close();
            mongo.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theNodeHostingTheWorkQueuesLeaderKilledAndRestarted() throws Exception {
        scenario("1 leader node SIGKILL + restart", "s1", () -> {
            int leader = cluster.leaderOf(Topology.POST_WORKER_COMMANDS, 1);
            cluster.kill(leader);
            awaitProgress(LOAD.minimum() / 4);
            cluster.start(leader);
            cluster.awaitFormed();
        });
    }

    @Test
    @Order(2)
    void aMinorityNodePartitionedAwayAndHealedThenTheLeadersNode() throws Exception {
        scenario("2 minority partition, heal; leader partition, heal", "s2", () -> {
            int leader = cluster.leaderOf(Topology.POST_WORKER_COMMANDS, 1);
            partition(leader % RabbitCluster.NODES + 1);
            partition(cluster.leaderOf(Topology.POST_WORKER_COMMANDS, 1));
        });
    }

    @Test
    @Order(3)
    void allClientConnectionsDroppedOnEveryNodeAtOnce() throws Exception {
        scenario("3 all client connections dropped (twice)", "s3", () -> {
            cluster.closeAllConnections();
            awaitProgress(LOAD.minimum() / 4);
            cluster.closeAllConnections();
        });
    }

    @Test
    @Order(4)
    void aRollingRestartOfAllThreeNodes() throws Exception {
        scenario("4 rolling restart of the three nodes", "s4", () -> {
            for (int node = 1; node <= RabbitCluster.NODES; node++) {
                cluster.restart(node);
                awaitProgress(LOAD.minimum() / 10);
            }
        });
    }

    @Test
    @Order(5)
    void mongoDbUnreachableForThirtySecondsThenSlowForThirty() throws Exception {
        scenario("5 MongoDB unreachable 30 s, then slow 30 s", "s5", () -> {
            mongoLink.cut();
            hold(Duration.ofSeconds(30));
            mongoLink.restore();
            mongoLink.delay(Duration.ofMillis(250));
            hold(Duration.ofSeconds(30));
            mongoLink.restore();
        });
    }

    @Test
    @Order(6)
    void redisRestartedTheEdgeServesHomeTimelinesMeanwhileAndTheRebuildRestoresThem() throws Exception {
        List<String> whileDown = new ArrayList<>();
        long[] rebuilt = new long[1];
        scenario("6 Redis killed 20 s, restarted empty, timelines rebuilt", "s6", () -> {
            redis.kill();
            whileDown.addAll(readHomeTimelines(Duration.ofSeconds(20)));
            redis.startServer();
            awaitProgress(LOAD.minimum() / 10);
            rebuilt[0] = rebuildTimelines();
        });
        assertThat(whileDown)
                .as("answers to home timeline reads while Redis was down (merged from the durable state)")
                .isNotEmpty()
                .containsOnly("200");
        assertThat(rebuilt[0]).as("home timelines rebuilt").isPositive();
    }

    @Test
    @Order(7)
    void workersKilledBetweenWriteAndAckAndTheEdgeKilledMidRequest() throws Exception {
        scenario("7 worker SIGKILL mid-command; edge SIGKILL mid-request", "s7", () -> {
            flock.kill("post-worker-1");
            flock.kill("account-worker-1");
            flock.start("post-worker-1");
            flock.start("account-worker-1");
            awaitProgress(LOAD.minimum() / 5);
            flock.kill(FlockProcesses.EDGE);
            flock.start(FlockProcesses.EDGE);
            flock.awaitReady();
        });
    }

    @Test
    @Order(8)
    void poisonMessagesMixedIntoTheStream() throws Exception {
        long[] poisoned = new long[1];
        scenario("8 poison messages mixed in", "s8", () -> poisoned[0] = publishPoison(LOAD.poison()));
        assertThat(poisoned[0]).isEqualTo(LOAD.poison());
    }

    // --- the scenario and its invariant ---

    private static void scenario(String title, String code, Fault fault) throws Exception {
        workload = Workload.setUp(api, code, LOAD.accounts(), LOAD.minimum(), LOAD.maximum(), LOAD.perSecond());
        queues.awaitDrained(SETTLE, WORK_QUEUES.toArray(String[]::new));
        Map<String, Long> deadLettersBefore = deadLetterDepths();
        // A client gives up on a request after 5 min: longer than a partition takes to be noticed and healed.
        load = new CommandLoad(api, LOAD.clients(), Duration.ofMinutes(5), n -> {});
        running = CompletableFuture.supplyAsync(() -> {
            try {
                return load.run(workload);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitProgress(LOAD.minimum() / 10);
        Instant faultStart = Instant.now();
        Exception faultFailed = null;
        try {
            fault.inject();
        } catch (Exception e) {
            faultFailed = e;
        } finally {
            workload.faultOver();
        }
        Instant faultEnd = Instant.now();
        CommandLoad.Report report;
        try {
            report = running.get(30, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            record(ReliabilityRow.notRun(title, "failed: the load could not finish (" + e.getCause() + ")"));
            throw e;
        }
        if (faultFailed != null) {
            record(ReliabilityRow.notRun(title, "failed: the fault could not be injected (" + faultFailed + ")"));
            throw faultFailed;
        }

        try {
            settleAndCheck(title, workload, report, deadLettersBefore, faultStart, faultEnd, Instant.now());
        } catch (RuntimeException | Error e) {
            if (rows.stream().noneMatch(row -> row.scenario().equals(title))) {
                record(ReliabilityRow.notRun(title, "failed: the system did not settle (" + e + ")"));
            }
            throw e;
        }
    }

    private static void settleAndCheck(
            String title,
            Workload workload,
            CommandLoad.Report report,
            Map<String, Long> deadLettersBefore,
            Instant faultStart,
            Instant faultEnd,
            Instant loadEnd) {
        queues.awaitDrained(SETTLE, WORK_QUEUES.toArray(String[]::new));
        Map<String, String> statuses = outcomes(report.accepted(), Duration.ofMinutes(2));
        // From the end of the load (which lasts at least as long as the fault) to settled.
        Duration recovered = Duration.between(loadEnd, Instant.now());
        Set<String> failed = withStatus(statuses, "FAILED");
        failed.addAll(withStatus(statuses, "PENDING"));
        long deadLettered = failed.size() + poisonPublished();
        long replayed = replayDeadLetters(failed);
        if (replayed > 0) {
            queues.awaitDrained(SETTLE, WORK_QUEUES.toArray(String[]::new));
            statuses = outcomes(report.accepted(), SETTLE);
        }

        Workload.Expected expected = workload.expected(report.accepted());
        Map<String, String> outcomes = statuses;
        long wronglyEnded = report.accepted().stream()
                .filter(command -> !outcomes.getOrDefault(command.commandId(), "UNKNOWN")
                        .equals(expected.rejectedCommandIds().contains(command.commandId()) ? "REJECTED" : "APPLIED"))
                .count();
        ReadModelCheck.Counts counts = new ReadModelCheck(api, mongo.uri()).check(workload, expected);
        ReliabilityRow row = new ReliabilityRow(
                title,
                report.requests(),
                report.accepted().size(),
                report.refused(),
                withStatus(statuses, "APPLIED").size(),
                withStatus(statuses, "REJECTED").size(),
                deadLettered,
                replayed,
                wronglyEnded + counts.missing(),
                counts.duplicated(),
                counts.unexpected(),
                recovered,
                p99(report.latencies(), faultStart, faultEnd),
                null);
        record(row);
        System.out.println(ReliabilityRow.HEADER + "\n" + row.markdown());
        counts.findings().forEach(finding -> System.out.println("  finding: " + finding));

        assertThat(wronglyEnded)
                .as("accepted commands not APPLIED (or rightly REJECTED) after replay")
                .isZero();
        assertThat(counts.findings())
                .as("read models against the accepted commands")
                .isEmpty();
        for (String commandId : expected.rejectedCommandIds()) {
            assertThat(api.get("/commands/" + commandId, null)
                            .body()
                            .path("reason")
                            .asText())
                    .as("reason of rejected %s", commandId)
                    .isEqualTo("USERNAME_TAKEN");
        }
        assertThat(deadLetterDepths())
                .as("dead-letter queues after the replay: what was there before, and the poison")
                .isEqualTo(withPoison(deadLettersBefore));
    }

    /** Keeps the row, and writes the table so far, so a run cut short still shows what it measured. */
    private static void record(ReliabilityRow row) {
        rows.add(row);
        try {
            Path table = Path.of("target", "reliability", "table.md");
            Files.createDirectories(table.getParent());
            Files.writeString(table, ReliabilityRow.table(rows));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Cuts a node off until both sides acted on it (the other two gave it up, it paused itself) and the load went on
     * without it, then heals it. A heal in the second in which only one side has noticed is another fault, which
     * RabbitMQ 3.x's pause_minority does not always resolve by itself (Mnesia records the partition after the fact;
     * a node can stay stopped, as node 1 did after this scenario in the clean-clone CI run of 2026-11-29 00:40,
     * before the suite kept node logs): the runbook says how an operator ends it.
     */
    private static void partition(int node) {
        int other = node % RabbitCluster.NODES + 1;
        cluster.cut(node);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> !cluster.seesRunning(other, node) && cluster.paused(node));
        awaitProgress(LOAD.minimum() / 10);
        cluster.heal(node);
        cluster.awaitFormed();
    }

    /**
     * Until the load got {@code more} 202s: the fault lasts while the system is working through it. A load that
     * reached its maximum is over: nothing more to wait for.
     */
    private static void awaitProgress(int more) {
        int target = load.acceptedSoFar() + more;
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> load.acceptedSoFar() >= target || running.isDone());
    }

    /**
     * Reads the load's accounts' home timelines, one a second, for {@code length}: "200" for a page with posts (every
     * account follows three with posts), else the status and what was wrong.
     */
    private static List<String> readHomeTimelines(Duration length) throws InterruptedException {
        List<String> answers = new ArrayList<>();
        List<Api.Account> accounts = workload.accounts();
        Instant end = Instant.now().plus(length);
        for (int n = 0; Instant.now().isBefore(end); n++) {
            Api.Response page =
                    api.get("/timelines/home", accounts.get(n % accounts.size()).token());
            answers.add(
                    page.status() == 200 && page.body().get("items").isEmpty()
                            ? "200 without posts"
                            : String.valueOf(page.status()));
            hold(Duration.ofSeconds(1));
        }
        return answers;
    }

    /**
     * The operator's runbook after Redis lost everything (docs/timelines.md): every timeline rebuilt, repeated until
     * it succeeds, as an operator would: right after the restart the edge's Redis client is still reconnecting (with
     * back-off) and the rebuild fails with its command timeout.
     */
    private static long rebuildTimelines() {
        String admin = api.token("admin", ADMIN_PASSWORD);
        Api.Response report = await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(5))
                .until(
                        () -> api.post("/admin/timelines/rebuild", Map.of(), admin),
                        response -> response.status() == 200);
        System.out.println("timelines rebuilt: " + report.body());
        return report.body().get("accounts").asLong();
    }

    /** A fault of a fixed length (issue 12: 30 s unreachable, 30 s slow): the length is the scenario. */
    private static void hold(Duration length) throws InterruptedException {
        Thread.sleep(length.toMillis());
    }

    /**
     * Every accepted command's status, polled (many at once) until none is PENDING or {@code atMost} passed: a
     * command dead-lettered while its database was down cannot record FAILED and stays PENDING until replayed.
     */
    private static Map<String, String> outcomes(List<CommandLoad.Accepted> accepted, Duration atMost) {
        Map<String, String> statuses = new ConcurrentHashMap<>();
        accepted.forEach(command -> statuses.put(command.commandId(), "PENDING"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
                List<CompletableFuture<Void>> polls = statuses.entrySet().stream()
                        .filter(entry -> entry.getValue().equals("PENDING"))
                        .map(entry -> CompletableFuture.runAsync(
                                () -> {
                                    Api.Response status = api.get("/commands/" + entry.getKey(), null);
                                    if (status.status() == 200) {
                                        statuses.put(
                                                entry.getKey(),
                                                status.body().get("status").asText());
                                    }
                                },
                                pool))
                        .toList();
                CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).join();
                return !statuses.containsValue("PENDING");
            });
        } catch (ConditionTimeoutException e) {
            // What is still PENDING is reported as such.
        } finally {
            pool.shutdownNow();
        }
        return statuses;
    }

    private static Set<String> withStatus(Map<String, String> statuses, String status) {
        return statuses.entrySet().stream()
                .filter(entry -> entry.getValue().equals(status))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /**
     * The operator's recovery: the dead-lettered commands of this load replayed by id (the poison stays), and
     * whatever the projector dead-lettered.
     */
    private static long replayDeadLetters(Set<String> failedCommands) {
        String admin = api.token("admin", ADMIN_PASSWORD);
        long replayed = 0;
        for (String queue : List.of(Topology.ACCOUNT_WORKER_COMMANDS, Topology.POST_WORKER_COMMANDS)) {
            if (!failedCommands.isEmpty()) {
                replayed += replay(Topology.deadLetterQueue(queue), Map.of("messageIds", failedCommands), admin);
            }
        }
        if (queues.messages(Topology.deadLetterQueue(Topology.TIMELINE_PROJECTOR_EVENTS)) > 0) {
            replayed += replay(Topology.deadLetterQueue(Topology.TIMELINE_PROJECTOR_EVENTS), Map.of(), admin);
        }
        return replayed;
    }

    private static long replay(String deadLetterQueue, Map<String, Object> selection, String admin) {
        Api.Response report = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> api.post("/admin/dead-letters/" + deadLetterQueue + "/replay", selection, admin),
                        response -> response.status() == 200);
        return report.body().get("replayed").asLong();
    }

    private static Map<String, Long> deadLetterDepths() {
        Map<String, Long> depths = new HashMap<>();
        Topology.deadLetterQueues().forEach(queue -> depths.put(queue, queues.messages(queue)));
        return depths;
    }

    /** The poison published so far in this scenario, per dead-letter queue. */
    private static final Map<String, Long> poisonPublished = new ConcurrentHashMap<>();

    private static Map<String, Long> withPoison(Map<String, Long> before) {
        Map<String, Long> expected = new HashMap<>(before);
        poisonPublished.forEach((queue, count) -> expected.merge(queue, count, Long::sum));
        poisonPublished.clear();
        return expected;
    }

    private static long poisonPublished() {
        return poisonPublished.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Publishes {@code count} messages no worker can read, confirmed by the cluster, spread over the load: half not
     * JSON at all, half JSON that is no envelope; half to each worker's queue. Each must end in its dead-letter queue
     * with its reason, and hold up nothing behind it.
     */
    private static long publishPoison(int count) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUsername(cluster.username());
        factory.setPassword(cluster.password());
        try (Connection connection = factory.newConnection(Address.parseAddresses(cluster.addresses()));
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (int n = 0; n < count; n++) {
                awaitProgress(LOAD.minimum() / 2 / count + 1);
                boolean toPosts = n % 2 == 0;
                String body = n % 4 < 2 ? "poison " + n + " \u0000 not JSON" : "{\"poison\": " + n + "}";
                channel.basicPublish(
                        Topology.COMMANDS_EXCHANGE,
                        toPosts ? "post.create" : "account.follow",
                        true,
                        new AMQP.BasicProperties.Builder()
                                .deliveryMode(2)
                                .contentType("application/json")
                                .messageId("poison-" + n)
                                .build(),
                        body.getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(10_000);
                poisonPublished.merge(
                        Topology.deadLetterQueue(
                                toPosts ? Topology.POST_WORKER_COMMANDS : Topology.ACCOUNT_WORKER_COMMANDS),
                        1L,
                        Long::sum);
            }
        }
        return count;
    }

    /** The 99th percentile of the time to an answer, over the requests sent while the fault lasted. */
    private static Duration p99(List<CommandLoad.Send> sends, Instant from, Instant to) {
        List<Duration> during = sends.stream()
                .filter(send -> !send.sentAt().isBefore(from) && !send.sentAt().isAfter(to))
                .map(CommandLoad.Send::took)
                .sorted(Comparator.naturalOrder())
                .toList();
        if (during.isEmpty()) {
            return Duration.ZERO;
        }
        return during.get((int) Math.ceil(during.size() * 0.99) - 1);
    }
}
