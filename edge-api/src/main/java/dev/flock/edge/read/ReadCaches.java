package dev.flock.edge.read;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Makes the edge's {@link StaleIfErrorCache} caches, all with the same settings and metrics. */
@Component
public class ReadCaches {

    private final CacheProperties properties;
    private final MeterRegistry meters;

    ReadCaches(CacheProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    public <K, V> StaleIfErrorCache<K, V> create(String name) {
        return new StaleIfErrorCache<>(name, properties, meters, Ticker.systemTicker());
    }
}
