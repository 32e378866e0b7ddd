package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.post.PostWorkerApplication;
import dev.flock.testsupport.ServiceProcess;
import dev.flock.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL, not a graceful stop: a post-worker process dies in the middle of a load with no shutdown hook and nothing
 * acknowledged, possibly half-way through a command (its post written, its event or outcome not yet). The two post
 * workers run as processes of their own, as {@code bin/flock} runs them; the edge, the account workers and the
 * projector run in this JVM. Clients send each post with an Idempotency-Key of its own until it is accepted.
 */
class PostWorkerKillIT {

    private static final int POSTS = 300;
    private static final int CLIENTS = 6;
    /** A third of the way through the load. */
    private static final int KILL_AFTER_ACCEPTED = 100;
    /** The load pauses here until the killed worker is back. */
    private static final int RESTARTED_BY = 200;

    private static TestInfrastructure infrastructure;
    private static BrokerQueues queues;
    private static final List<ServiceProcess> postWorkers = new ArrayList<>();
    private static FlockSystem system;
    private static Api api;

    @BeforeAll
    static void start() {
        infrastructure = TestInfrastructure.start();
        queues = new BrokerQueues(infrastructure);
        Map<String, String> properties = new HashMap<>(infrastructure.properties());
        properties.put("server.port", "0");
        for (int replica = 1; replica <= 2; replica++) {
            postWorkers.add(ServiceProcess.start("post-worker-" + replica, PostWorkerApplication.class, properties));
        }
        system = FlockSystem.withoutPostWorkers(infrastructure, Map.of("flock.rate-limit.enabled", "false"));
        api = new Api(system.baseUrl());
        awaitBothPostWorkersConsuming();
    }

    @AfterAll
    static void stop() {
        postWorkers.forEach(ServiceProcess::kill);
        if (system != null) {
            system.close();
        }
    }

    @Test
    void everyAcceptedPostIsAppliedStoredOnceAndShownOnceInEachTimelineWhenAWorkerProcessIsKilledMidLoad()
            throws Exception {
        List<Api.Account> authors = List.of(api.newAccount("kill_author"), api.newAccount("kill_author"));
        List<Api.Account> readers =
                List.of(api.newAccount("kill_reader"), api.newAccount("kill_reader"), api.newAccount("kill_reader"));
        for (Api.Account reader : readers) {
            for (Api.Account author : authors) {
                assertThat(api.command(
                                        "POST",
                                        "/accounts/me/following",
                                        Map.of("accountId", author.id()),
                                        reader.token())
                                .get("status")
                                .asText())
                        .isEqualTo("APPLIED");
            }
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> texts = IntStream.range(0, POSTS)
                .mapToObj(n -> "kill test " + run + " post " + n)
                .toList();
        List<CommandLoad.Request> posts = IntStream.range(0, POSTS)
                .mapToObj(n -> CommandLoad.Request.post(
                        texts.get(n), authors.get(n % 2).token()))
                .toList();
        ServiceProcess victim = postWorkers.get(0);
        AtomicLong inHandBeforeTheKill = new AtomicLong(-1);

        CommandLoad load = new CommandLoad(api, CLIENTS, accepted -> {
            if (accepted == KILL_AFTER_ACCEPTED) {
                // What both workers hold unacknowledged, read just before the kill: it had work in hand.
                inHandBeforeTheKill.set(queues.unacknowledged("post-worker.commands"));
                victim.kill();
                victim.start();
            }
        });

        load.run(posts.subList(0, RESTARTED_BY));
        // The restarted worker takes its share of the rest.
        awaitBothPostWorkersConsuming();
        CommandLoad.Report report = load.run(posts.subList(RESTARTED_BY, POSTS));

        for (CommandLoad.Accepted post : report.accepted()) {
            assertThat(api.awaitOutcome(post.commandId()).get("status").asText())
                    .as("status of %s", post.request().body())
                    .isEqualTo("APPLIED");
        }
        // Every event of an APPLIED command was confirmed before its status was: once the projector's queue is
        // empty, the timelines hold all they ever will of this load.
        queues.awaitDrained("post-worker.commands", "timeline-projector.events");
        List<String> stored = new ArrayList<>();
        for (Api.Account author : authors) {
            stored.addAll(api.allItems("/accounts/" + author.id() + "/posts", null, "text"));
        }
        Map<String, List<String>> timelines = new LinkedHashMap<>();
        for (Api.Account reader : readers) {
            timelines.put(reader.username(), api.allItems("/timelines/home", reader.token(), "id"));
        }
        long deadLettered = queues.messages("post-worker.commands.dlq");
        System.out.printf(
                "post-worker SIGKILL summary: %s unacked-before-kill=%d worker-starts=%d stored=%d"
                        + " duplicate-texts=%d timeline-duplicates=%d dead-lettered=%d%n",
                report.counts(),
                inHandBeforeTheKill.get(),
                victim.starts(),
                stored.size(),
                Repeats.in(stored),
                timelines.values().stream().mapToLong(Repeats::in).sum(),
                deadLettered);

        assertThat(victim.starts()).as("starts of the killed worker").isEqualTo(2);
        assertThat(report.accepted()).hasSize(POSTS);
        assertThat(stored)
                .as("texts of the stored posts")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(texts);
        List<String> postIds =
                report.accepted().stream().map(CommandLoad.Accepted::resourceId).toList();
        timelines.forEach((reader, timeline) -> assertThat(timeline)
                .as("home timeline of %s", reader)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(postIds));
        assertThat(deadLettered).as("messages in post-worker.commands.dlq").isZero();
    }

    /** SPEC: a worker is ready when it consumes. */
    private static void awaitBothPostWorkersConsuming() {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .failFast("a post-worker process exited (see target/processes/)", () -> !postWorkers.stream()
                        .allMatch(ServiceProcess::isAlive))
                .until(() -> queues.consumers("post-worker.commands") == 2);
    }
}
