package dev.flock.platform.consume;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Back-off between attempts of a message that failed with a transient fault. A message is tried once, then once
 * after each delay; after the last it is dead-lettered.
 */
@ConfigurationProperties("flock.retry")
public record RetryProperties(List<Duration> delays) {

    public RetryProperties {
        delays = delays == null
                ? List.of(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(10))
                : List.copyOf(delays);
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }
}
