package dev.flock.deadletters;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxReplays    a message replayed this often is left alone unless the replay says {@code force}: it keeps
 *                      failing, and replaying it again without a fix only puts it back
 * @param canaryTimeout how long a canary may take to reach an outcome newer than the replay
 */
@ConfigurationProperties("flock.dead-letters")
public record DeadLetterProperties(@DefaultValue("3") int maxReplays, @DefaultValue("30s") Duration canaryTimeout) {}
