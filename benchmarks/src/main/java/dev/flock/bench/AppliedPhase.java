package dev.flock.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The applied phase: an open-loop load of posts at a fixed rate, each process profiled meanwhile; what counts is the
 * posts whose outcome was recorded within the phase, and the post queue's backlog sampled every 5 s says whether
 * the rate was sustained.
 */
final class AppliedPhase {

    private final Report report;
    private final AcceptedPosts accepted;
    /** Null: the phase is not profiled. */
    private final Profiles profiles;

    private final Load.Request postOne;
    private final PostQueue queue;
    private final Outcomes outcomes;

    AppliedPhase(
            Report report,
            AcceptedPosts accepted,
            Profiles profiles,
            Load.Request postOne,
            PostQueue queue,
            Outcomes outcomes) {
        this.report = report;
        this.accepted = accepted;
        this.profiles = profiles;
        this.postOne = postOne;
        this.queue = queue;
        this.outcomes = outcomes;
    }

    /** @return posts applied per second end to end: the sustained rate */
    double run(double rate, Duration duration, Baselines.PerfTestRate perfTest, double storeInserts) throws Exception {
        int from = accepted.size();
        List<Long> backlog = Collections.synchronizedList(new ArrayList<>());
        Thread sampler = new Thread(() -> {
            try {
                while (true) {
                    backlog.add(queue.ready());
                    Thread.sleep(5000);
                }
            } catch (Exception stopped) {
                // interrupted: the load is over
            }
        });
        if (profiles != null) {
            profiles.start(duration);
        }
        Instant start = Instant.now();
        sampler.start();
        Load.Result load = Load.paced(64, rate, duration, postOne);
        Instant end = Instant.now();
        sampler.interrupt();
        if (profiles != null) {
            // JFR writes a recording when its duration has passed: a moment after the load ended.
            Thread.sleep(3000);
            profiles.report(report, "applied phase");
        }
        List<String> ids = accepted.commandIdsFrom(from);
        queue.awaitOutcomes(ids);
        Map<String, Outcomes.Finished> finished = outcomes.finished(ids);
        long inWindow = finished.values().stream()
                .filter(f -> f.completedAt() != null && !f.completedAt().isAfter(end))
                .count();
        Latencies endToEnd = new Latencies();
        finished.values().stream()
                .filter(f -> f.completedAt() != null && f.acceptedAt() != null)
                .forEach(f -> endToEnd.record(
                        Duration.between(f.acceptedAt(), f.completedAt()).toNanos(), true));
        double appliedPerSecond = inWindow / (Duration.between(start, end).toMillis() / 1000.0);
        report.figure(
                Report.format(
                        "posts applied end to end, %d s at %.0f/s offered (202 → APPLIED p50 %.0f ms, p99 %.0f ms)",
                        duration.toSeconds(), rate, endToEnd.percentileMillis(50), endToEnd.percentileMillis(99)),
                appliedPerSecond,
                "posts/s",
                "PerfTest received/s",
                perfTest.received());
        report.figure("posts applied vs the store alone", appliedPerSecond, "posts/s", "store inserts/s", storeInserts);
        report.note("applied phase: " + load.latencies().ok() + " accepted (intake p99 "
                + Report.format("%.1f", load.latencies().percentileMillis(99)) + " ms), backlog every 5 s: "
                + backlog);
        return appliedPerSecond;
    }
}
