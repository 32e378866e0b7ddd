package dev.flock.edge.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves the last value the database gave for a key while the database cannot be read (HTTP's
 * {@code stale-if-error}). Every read asks the database first: once a command reads {@code APPLIED}, reads reflect
 * it (SPEC). Only when the database is unreachable or its circuit is open is the remembered value served, for up to
 * {@code staleFor} after the database last gave it. Counts {@code flock.cache.reads} by result: {@code fresh} (from
 * the database) or {@code stale}.
 */
public final class StaleIfErrorCache<K, V> {

    private final Cache<K, V> lastKnown;
    private final Counter fresh;
    private final Counter stale;

    public StaleIfErrorCache(String name, CacheProperties properties, MeterRegistry meters, Ticker ticker) {
        this.lastKnown = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(properties.staleFor())
                .maximumSize(properties.maxEntries())
                .build();
        this.fresh = counter(meters, name, "fresh");
        this.stale = counter(meters, name, "stale");
    }

    /** @param loader reads the database; an empty result removes the key (a deleted post is never served) */
    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        Optional<V> loaded;
        try {
            loaded = loader.apply(key);
        } catch (RuntimeException e) {
            V known = ReadCircuitBreaker.unavailable(e) ? lastKnown.getIfPresent(key) : null;
            if (known == null) {
                throw e;
            }
            stale.increment();
            return Optional.of(known);
        }
        fresh.increment();
        loaded.ifPresentOrElse(value -> lastKnown.put(key, value), () -> lastKnown.invalidate(key));
        return loaded;
    }

    private static Counter counter(MeterRegistry meters, String cache, String result) {
        return Counter.builder("flock.cache.reads")
                .tag("cache", cache)
                .tag("result", result)
                .register(meters);
    }
}
