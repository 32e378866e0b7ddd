package dev.flock.platform.publish;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param confirmTimeout how long a publisher waits for the broker's confirm before it counts the publish failed */
@ConfigurationProperties("flock.publish")
public record PublishProperties(Duration confirmTimeout) {

    public PublishProperties {
        confirmTimeout = confirmTimeout == null ? Duration.ofSeconds(5) : confirmTimeout;
    }
}
