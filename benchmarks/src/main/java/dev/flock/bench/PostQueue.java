package dev.flock.bench;

import java.time.Duration;
import java.util.List;

/** The post workers' queue, watched: how fast a backlog drains, and when every accepted post has an outcome. */
final class PostQueue {

    private static final String NAME = "post-worker.commands";

    private final Broker broker;
    private final Outcomes outcomes;
    private final Duration longestWait;

    PostQueue(Broker broker, Outcomes outcomes, Duration longestWait) {
        this.broker = broker;
        this.outcomes = outcomes;
        this.longestWait = longestWait;
    }

    long ready() throws Exception {
        return broker.ready(NAME);
    }

    /** Posts a second the workers take off the queue with no new input, until it is empty. */
    double drain(Report report) throws Exception {
        long start = System.nanoTime();
        long backlog = ready();
        long deadline = start + longestWait.toNanos();
        System.out.println("  backlog: " + backlog);
        long left = backlog;
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            left = ready();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (left > 0) {
            report.note(left + " posts still queued after the drain timeout");
        }
        return (backlog - left) / seconds;
    }

    /** Waits until the queue is empty (cheap to ask), then until every command has an outcome (a store query). */
    void awaitOutcomes(List<String> commandIds) throws Exception {
        long deadline = System.nanoTime() + longestWait.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready() > 0) {
                Thread.sleep(1000);
            } else if (outcomes.finished(commandIds).size() < commandIds.size()) {
                Thread.sleep(2000);
            } else {
                return;
            }
        }
    }
}
