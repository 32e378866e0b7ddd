package dev.flock.edge.read;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param freshFor   how long a cached read is served without asking MongoDB
 * @param staleFor   how long a cached read may still be served while MongoDB is unreachable
 * @param maxEntries per cache
 */
@ConfigurationProperties("flock.cache")
public record CacheProperties(
        @DefaultValue("2s") Duration freshFor,
        @DefaultValue("10m") Duration staleFor,
        @DefaultValue("100000") long maxEntries) {}
