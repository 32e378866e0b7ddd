package dev.flock.edge.read;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param staleFor   how long after MongoDB last gave a value that value may still be served while MongoDB is
 *                   unreachable
 * @param maxEntries per cache
 */
@ConfigurationProperties("flock.cache")
public record CacheProperties(@DefaultValue("10m") Duration staleFor, @DefaultValue("100000") long maxEntries) {}
