package dev.flock.edge.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.Function;

/**
 * A read-through cache that keeps serving the last known value while the database is unreachable (the seed
 * design's caching strategy for a data-storage failure). Fresh values are served for {@code freshFor}; after that
 * the database is asked again, and only if it cannot answer is the older value served, up to {@code staleFor}.
 * Counts hits, misses and stale serves as {@code flock.cache.reads}.
 */
public final class StaleIfErrorCache<K, V> {

    private record Entry<V>(V value, long loadedAt) {}

    private final Cache<K, Entry<V>> cache;
    private final Ticker ticker;
    private final long freshForNanos;
    private final Counter hits;
    private final Counter misses;
    private final Counter staleServes;

    public StaleIfErrorCache(String name, CacheProperties properties, MeterRegistry meters, Ticker ticker) {
        this.ticker = ticker;
        this.freshForNanos = properties.freshFor().toNanos();
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfterWrite(properties.staleFor())
                .maximumSize(properties.maxEntries())
                .build();
        this.hits = counter(meters, name, "hit");
        this.misses = counter(meters, name, "miss");
        this.staleServes = counter(meters, name, "stale");
    }

    /** @param loader reads the database; an empty result removes the key (a deleted post is not served) */
    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        Entry<V> known = cache.getIfPresent(key);
        if (known != null && ticker.read() - known.loadedAt() < freshForNanos) {
            hits.increment();
            return Optional.of(known.value());
        }
        Optional<V> loaded;
        try {
            loaded = loader.apply(key);
        } catch (RuntimeException e) {
            if (known == null || !ReadCircuitBreaker.unavailable(e)) {
                throw e;
            }
            staleServes.increment();
            return Optional.of(known.value());
        }
        misses.increment();
        loaded.ifPresentOrElse(value -> cache.put(key, new Entry<>(value, ticker.read())), () -> cache.invalidate(key));
        return loaded;
    }

    private static Counter counter(MeterRegistry meters, String cache, String result) {
        return Counter.builder("flock.cache.reads")
                .tag("cache", cache)
                .tag("result", result)
                .register(meters);
    }
}
