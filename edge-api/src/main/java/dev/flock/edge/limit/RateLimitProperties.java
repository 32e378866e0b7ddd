package dev.flock.edge.limit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SPEC's limits, and the password-check limit that keeps bcrypt from being a way to load the edge. Counted per
 * edge replica: behind a load balancer with n replicas a client may get up to n times as much through; the limits are
 * meant to stop abuse, not to meter (the production proxy's {@code limit_req} bounds the total).
 *
 * @param passwordChecksPerAddress logins and registrations (each one bcrypt computation) per client address per
 *                                 {@code passwordCheckWindow}, successful or not
 * @param idempotencyKeysPerCaller {@code Idempotency-Key}s one caller may hold at once (24 h each)
 */
@ConfigurationProperties("flock.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("60") int commandsPerAccount,
        @DefaultValue("600") int commandsPerAddress,
        @DefaultValue("10s") Duration commandWindow,
        @DefaultValue("5") int failedLoginsPerUsername,
        @DefaultValue("50") int failedLoginsPerAddress,
        @DefaultValue("5m") Duration failedLoginWindow,
        @DefaultValue("100") int passwordChecksPerAddress,
        @DefaultValue("1m") Duration passwordCheckWindow,
        @DefaultValue("10000") int idempotencyKeysPerCaller) {}
