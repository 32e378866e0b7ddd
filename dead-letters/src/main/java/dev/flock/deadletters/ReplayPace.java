package dev.flock.deadletters;

import io.github.bucket4j.Bucket;
import java.time.Duration;

/** Spaces a replay's republishes to a rate, so that a replay does not flood a worker that has just recovered. */
final class ReplayPace {

    private static final ReplayPace UNLIMITED = new ReplayPace(null);

    private final Bucket bucket;

    private ReplayPace(Bucket bucket) {
        this.bucket = bucket;
    }

    /** @param ratePerSecond null: as fast as confirms come */
    static ReplayPace of(Double ratePerSecond) {
        if (ratePerSecond == null) {
            return UNLIMITED;
        }
        // Capacity one: the first goes at once, then one per interval, never a burst.
        Duration interval = Duration.ofNanos((long) (1e9 / ratePerSecond));
        return new ReplayPace(Bucket.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, interval))
                .build());
    }

    /** Waits for the next slot. */
    void await() {
        if (bucket == null) {
            return;
        }
        try {
            bucket.asBlocking().consume(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        }
    }
}
