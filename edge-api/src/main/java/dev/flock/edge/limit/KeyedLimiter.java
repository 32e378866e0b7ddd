package dev.flock.edge.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Optional;

/** A token bucket per key (account, address, username), forgotten once it has been idle long enough to be full. */
final class KeyedLimiter {

    private final Cache<String, Bucket> buckets;
    private final int capacity;
    private final Duration window;

    KeyedLimiter(int capacity, Duration window) {
        this.capacity = capacity;
        this.window = window;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(window.multipliedBy(2))
                .maximumSize(1_000_000)
                .build();
    }

    /**
     * Takes one token, atomically: of n concurrent callers on a bucket with k tokens, exactly k get one.
     *
     * @return how long to wait when there was none
     */
    Optional<Duration> take(String key) {
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Gives back a token taken for an attempt that turned out not to count (a login that succeeded). */
    void giveBack(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }

    private Bucket bucket(String key) {
        return buckets.get(key, ignored -> Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, window))
                .build());
    }
}
