package dev.flock.edge.timeline;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Tells where home timelines are read from: {@code redis}, or {@code durable} while Redis is unreachable. Up either
 * way: the edge answers home timelines in both modes (slower from the durable state), so it stays ready.
 */
// Health contributors are named after their bean, less "HealthIndicator": this one is "homeTimelines".
@Component("homeTimelinesHealthIndicator")
class HomeTimelinesHealth implements HealthIndicator {

    private final HomeTimelines timelines;

    HomeTimelinesHealth(HomeTimelines timelines) {
        this.timelines = timelines;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("mode", timelines.mode().name().toLowerCase(java.util.Locale.ROOT))
                .build();
    }
}
