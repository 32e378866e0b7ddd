package dev.flock.timelines;

import dev.flock.contracts.ReadModels;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param capacity     how many of the newest entries a home timeline keeps (SPEC: 800)
 * @param fanOutLimit  an author with more followers than this is not fanned out on write: readers merge the author's
 *                     recent posts into their page when they read it (SPEC: 10,000)
 * @param keyPrefix    every Redis key starts with it, so several installations or tests can share one Redis
 * @param postCacheTtl how long a cached post body (or the mark of a deleted one) stays in Redis unread
 */
@ConfigurationProperties("flock.timeline")
public record TimelineStoreProperties(
        @DefaultValue("800") int capacity,
        @DefaultValue("10000") long fanOutLimit,
        @DefaultValue(ReadModels.Redis.DEFAULT_PREFIX) String keyPrefix,
        @DefaultValue("7d") Duration postCacheTtl) {

    public TimelineStoreProperties {
        if (capacity < 1) {
            throw new IllegalArgumentException("flock.timeline.capacity must be positive");
        }
        if (fanOutLimit < 0) {
            throw new IllegalArgumentException("flock.timeline.fan-out-limit must not be negative");
        }
    }
}
