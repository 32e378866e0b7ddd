package dev.flock.timeline;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param capacity how many of the newest entries a home timeline keeps */
@ConfigurationProperties("flock.timeline")
public record TimelineProperties(int capacity) {

    public TimelineProperties {
        if (capacity < 1) {
            throw new IllegalArgumentException("flock.timeline.capacity must be positive");
        }
    }
}
