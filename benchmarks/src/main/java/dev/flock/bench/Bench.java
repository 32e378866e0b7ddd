package dev.flock.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark of Flock's command path against the running local stack ({@code bin/flock bench}; the stack started
 * with {@code FLOCK_RATE_LIMIT_ENABLED=false}). Setup, then the baselines (PerfTest, the edge's liveness endpoint,
 * the store alone), then the workloads: intake, drain, applied, fan-out, reads; at the end every accepted post is
 * counted: lost or duplicated.
 */
public final class Bench {

    private final Options options;
    private final Api api;
    private final Report report = new Report();
    private final Population population;
    private final AcceptedPosts accepted = new AcceptedPosts();
    private final FanOutProbes probes;

    private Bench(Options options) {
        this.options = options;
        this.api = new Api(options.text("base-url", "http://127.0.0.1:8080"));
        this.population = new Population(api, options.number("accounts", 200), options.number("follows", 50));
        this.probes = new FanOutProbes(api, population, accepted);
    }

    public static void main(String[] args) throws Exception {
        new Bench(new Options(args)).run();
    }

    private void run() throws Exception {
        String amqp = options.text("amqp-uri", "amqp://guest:guest@127.0.0.1:5672/%2F");
        Duration step = Duration.ofSeconds(options.number("step-seconds", 5));
        double p99Limit = options.decimal("p99-limit-ms", 100);
        try (MongoClient mongo = MongoClients.create(options.text("mongo-uri", "mongodb://127.0.0.1:27017"));
                Broker broker = new Broker(amqp)) {
            Outcomes outcomes = new Outcomes(mongo);
            PostQueue queue = new PostQueue(broker, outcomes, Duration.ofSeconds(options.number("drain-seconds", 900)));
            phase("setup: accounts and follows");
            population.build();
            phase("settle: every work queue empty (the setup's follows reach the projector)");
            broker.awaitSettled(Duration.ofSeconds(options.number("drain-seconds", 900)));

            phase("baseline: RabbitMQ PerfTest");
            Baselines.PerfTestRate perfTest =
                    Baselines.perfTest(amqp, options.number("perf-test-seconds", 15), options.number("confirms", 64));
            phase("baseline: the store alone");
            double storeInserts = Baselines.storeInserts(mongo, 10);
            phase("baseline: GET /actuator/health/liveness, ramped like the intake");
            Load.Result liveness = Ramp.best(step, p99Limit, i -> api.liveness().is(200), report);

            phase("intake: POST /posts, ramped until p99 > " + p99Limit + " ms");
            Load.Result intake = Ramp.best(step, p99Limit, this::postOne, report);
            report.figure(
                    "command intake (POST /posts, p99 < " + (int) p99Limit + " ms)",
                    intake.okPerSecond(),
                    "accepted/s",
                    "PerfTest sent/s",
                    perfTest.sent());
            report.figure(
                    "command intake vs HTTP floor",
                    intake.okPerSecond(),
                    "accepted/s",
                    "liveness/s",
                    liveness.okPerSecond());
            report.figure(
                    "liveness (HTTP floor, p99 < " + (int) p99Limit + " ms)",
                    liveness.okPerSecond(),
                    "req/s",
                    "PerfTest sent/s",
                    perfTest.sent());
            report.note(Report.format(
                    "intake at its best step: p50 %.1f ms, p99 %.1f ms, %d refused",
                    intake.latencies().percentileMillis(50),
                    intake.latencies().percentileMillis(99),
                    intake.latencies().failed()));

            phase("drain: the post workers work off the intake's backlog");
            double drained = queue.drain(report);
            report.figure(
                    "posts applied, draining a backlog",
                    drained,
                    "posts/s",
                    "PerfTest received/s",
                    perfTest.received());

            // The intake's posts are still being fanned out: the sustained load starts from a settled system.
            broker.awaitSettled(Duration.ofSeconds(options.number("drain-seconds", 900)));
            double rate = options.decimal("applied-rate", Math.max(1, Math.floor(drained * 0.9)));
            phase("applied: " + rate + " posts/s for " + options.number("applied-seconds", 60) + " s");
            Profiles profiles = new Profiles(
                    Path.of(options.text("run-dir", "var/run")),
                    Path.of(options.text("profile-dir", "var/bench/profile")));
            double applied = new AppliedPhase(report, accepted, profiles, this::postOne, queue, outcomes)
                    .run(rate, Duration.ofSeconds(options.number("applied-seconds", 60)), perfTest, storeInserts);

            broker.awaitSettled(Duration.ofSeconds(options.number("drain-seconds", 900)));
            // The rate just applied, offered again: whether the stack holds it with the backlog flat.
            double again = Math.max(1, Math.floor(applied));
            phase("applied again: " + again + " posts/s, the rate the first pass applied");
            double sustained = new AppliedPhase(report, accepted, null, this::postOne, queue, outcomes)
                    .run(again, Duration.ofSeconds(options.number("applied-seconds", 60)), perfTest, storeInserts);

            broker.awaitSettled(Duration.ofSeconds(options.number("drain-seconds", 900)));
            // Half of what was applied, not of what was offered: an offer above the sustained rate only grows a
            // backlog, and the fan-out then measures the wait behind it.
            double half = Math.max(1, Math.floor(sustained / 2));
            phase("fan-out: " + half + " posts/s, the time until all followers' home timelines have a post");
            FanOutProbes.Seen fanOut = underLoad(half, Duration.ofSeconds(options.number("fan-out-seconds", 30)));
            report.figure(
                    Report.format(
                            "fan-out to %d followers at %.0f posts/s (p50 %.0f ms, p99 %.0f ms, %d probes, %d missing)",
                            population.followersOf(0).size(),
                            half,
                            fanOut.visible().percentileMillis(50),
                            fanOut.visible().percentileMillis(99),
                            fanOut.visible().ok(),
                            fanOut.missing()),
                    fanOut.visible().percentileMillis(99),
                    "ms p99",
                    null,
                    0);

            phase("reads: GET /timelines/home at 16 connections");
            Load.Result reads = Load.closed(16, Duration.ofSeconds(options.number("reads-seconds", 15)), i -> {
                List<Population.Member> members = population.members();
                return probes.read(members.get(ThreadLocalRandom.current().nextInt(members.size())));
            });
            report.figure(
                    Report.format(
                            "home timeline reads (16 connections; p50 %.1f ms, p99 %.1f ms)",
                            reads.latencies().percentileMillis(50),
                            reads.latencies().percentileMillis(99)),
                    reads.okPerSecond(),
                    "reads/s",
                    "liveness/s",
                    liveness.okPerSecond());

            phase("rebuild: every home timeline, while posts and probes keep flowing");
            rebuildUnderLoad(half);

            phase("count: every accepted post, lost or duplicated");
            count(queue, outcomes);
        }
        report.write(
                Path.of(options.text("out", "var/bench/latest.md")),
                "Flock benchmark, " + Instant.now() + ", "
                        + Runtime.getRuntime().availableProcessors() + " cores");
    }

    private boolean postOne(long index) throws Exception {
        List<Population.Member> members = population.members();
        Population.Member author = members.get((int) (index % members.size()));
        Api.Answer answer = api.post(author.token(), "bench post " + index + " by " + author.username());
        if (answer.is(202)) {
            accepted.add(answer);
        }
        return answer.is(202);
    }

    /** Probes fan-out while other posts arrive at {@code rate}. */
    private FanOutProbes.Seen underLoad(double rate, Duration duration) throws Exception {
        Thread background = new Thread(() -> {
            try {
                Load.paced(32, rate, duration, this::postOne);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        background.start();
        FanOutProbes.Seen seen = probes.run(duration);
        background.join();
        return seen;
    }

    /**
     * {@code bin/flock timelines rebuild} (every account) while posts and fan-out probes go on: its time, and whether
     * a probe went missing or a page showed a post twice while it ran (the count at the end says the rest).
     */
    private void rebuildUnderLoad(double rate) throws Exception {
        String flock = options.text("flock", "bin/flock");
        long start = System.nanoTime();
        Process rebuild = new ProcessBuilder(flock, "timelines", "rebuild")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        Duration during = Duration.ofSeconds(options.number("rebuild-probe-seconds", 20));
        FanOutProbes.Seen seen = underLoad(rate, during);
        int exit = rebuild.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            report.note("the rebuild failed (exit " + exit + ")");
        }
        report.figure(
                Report.format(
                        "rebuild of all %d accounts' home timelines under %.0f posts/s (%d probes meanwhile: p99"
                                + " %.0f ms, %d missing)",
                        population.members().size(),
                        rate,
                        seen.visible().ok(),
                        seen.visible().percentileMillis(99),
                        seen.missing()),
                seconds,
                "s",
                null,
                0);
    }

    private void count(PostQueue queue, Outcomes outcomes) throws Exception {
        List<String> commandIds = accepted.commandIdsFrom(0);
        List<String> postIds = accepted.postIds();
        queue.awaitOutcomes(commandIds);
        Map<String, Outcomes.Finished> finished = outcomes.finished(commandIds);
        long applied = finished.values().stream()
                .filter(f -> "APPLIED".equals(f.status()))
                .count();
        Map<String, Integer> copies = outcomes.postCopies(postIds);
        long missing = postIds.stream().filter(id -> !copies.containsKey(id)).count();
        long duplicated = copies.values().stream().filter(n -> n > 1).count();
        report.note(Report.format(
                "count at the end: %d posts accepted (202), %d APPLIED, %d not finished (still queued: %d), %d posts"
                        + " missing (lost), %d stored twice, %d repeated entries in home-timeline pages read",
                commandIds.size(),
                applied,
                commandIds.size() - finished.size(),
                queue.ready(),
                missing,
                duplicated,
                probes.repeatedEntries()));
    }

    private static void phase(String name) {
        System.out.println("== " + name + " (" + Instant.now() + ")");
    }
}
