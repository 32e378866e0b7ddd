package dev.flock.edge.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class StaleIfErrorCacheTests {

    private final AtomicLong now = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StaleIfErrorCache<String, String> cache = new StaleIfErrorCache<>(
            "test", new CacheProperties(Duration.ofSeconds(2), Duration.ofMinutes(10), 100), meters, now::get);
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void aFreshValueIsServedWithoutAskingTheDatabase() {
        cache.get("k", database("v1"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(cache.get("k", database("v2"))).hasValue("v1");
        assertThat(loads).hasValue(1);
        assertThat(count("hit")).isEqualTo(1);
    }

    @Test
    void anOlderValueIsReadAgain() {
        cache.get("k", database("v1"));
        now.addAndGet(Duration.ofSeconds(3).toNanos());

        assertThat(cache.get("k", database("v2"))).hasValue("v2");
        assertThat(count("miss")).isEqualTo(2);
    }

    @Test
    void theLastKnownValueIsServedWhileTheDatabaseIsDown() {
        cache.get("k", database("v1"));
        now.addAndGet(Duration.ofMinutes(5).toNanos());

        assertThat(cache.get("k", down())).hasValue("v1");
        assertThat(count("stale")).isEqualTo(1);
    }

    @Test
    void withNothingKnownADownDatabaseIsAnError() {
        assertThatThrownBy(() -> cache.get("k", down())).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void aValueOlderThanStaleForIsForgotten() {
        cache.get("k", database("v1"));
        now.addAndGet(Duration.ofMinutes(11).toNanos());

        assertThatThrownBy(() -> cache.get("k", down())).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void aValueThatNoLongerExistsIsNotServed() {
        cache.get("k", database("v1"));
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        cache.get("k", key -> Optional.empty());

        assertThatThrownBy(() -> cache.get("k", down())).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void otherErrorsAreNotHiddenByTheCache() {
        cache.get("k", database("v1"));
        now.addAndGet(Duration.ofSeconds(3).toNanos());

        assertThatThrownBy(() -> cache.get("k", key -> {
                    throw new IllegalStateException("a bug");
                }))
                .isInstanceOf(IllegalStateException.class);
    }

    private Function<String, Optional<String>> database(String value) {
        return key -> {
            loads.incrementAndGet();
            return Optional.of(value);
        };
    }

    private static Function<String, Optional<String>> down() {
        return key -> {
            throw new DataAccessResourceFailureException("MongoDB is down");
        };
    }

    private double count(String result) {
        return meters.get("flock.cache.reads").tag("result", result).counter().count();
    }
}
