package dev.flock.edge.limit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SPEC's limits. Counted per edge replica: behind a load balancer with n replicas a client may get up to n
 * times as much through; the limits are meant to stop abuse, not to meter.
 */
@ConfigurationProperties("flock.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("60") int commandsPerAccount,
        @DefaultValue("600") int commandsPerAddress,
        @DefaultValue("10s") Duration commandWindow,
        @DefaultValue("5") int failedLoginsPerUsername,
        @DefaultValue("50") int failedLoginsPerAddress,
        @DefaultValue("5m") Duration failedLoginWindow) {}
