package dev.flock.platform.consume;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a listener gathers a batch before it handles what it has: the most a message waits for neighbours
 * when the queue is quiet. The batch size, prefetch and concurrency are Spring Boot's
 * {@code spring.rabbitmq.listener.simple.*}.
 */
@ConfigurationProperties("flock.consume")
public record ConsumeProperties(Duration batchReceiveTimeout) {

    public ConsumeProperties {
        batchReceiveTimeout = batchReceiveTimeout == null ? Duration.ofMillis(20) : batchReceiveTimeout;
    }
}
