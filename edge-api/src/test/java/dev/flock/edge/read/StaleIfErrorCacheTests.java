package dev.flock.edge.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class StaleIfErrorCacheTests {

    private final AtomicLong now = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StaleIfErrorCache<String, String> cache =
            new StaleIfErrorCache<>("test", new CacheProperties(Duration.ofMinutes(10), 100), meters, now::get);

    @Test
    void everyReadAsksTheStoreEvenRightAfterTheLastOne() {
        cache.get("k", store("v1"));

        assertThat(cache.get("k", store("v2"))).hasValue("v2");
        assertThat(count("stale")).isZero();
    }

    @Test
    void anEmptyStoreAnswerIsServedAtOnceAndRemovesTheKey() {
        cache.get("k", store("v1"));

        assertThat(cache.get("k", key -> Optional.empty())).isEmpty();
        assertThatThrownBy(() -> cache.get("k", down())).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void theLastKnownValueIsServedWhileTheStoreIsUnreachable() {
        cache.get("k", store("v1"));
        now.addAndGet(Duration.ofMinutes(5).toNanos());

        assertThat(cache.get("k", down())).hasValue("v1");
        assertThat(count("stale")).isEqualTo(1);
    }

    @Test
    void theLastKnownValueIsServedWhileTheReadCircuitIsOpen() {
        cache.get("k", store("v1"));

        assertThat(cache.get("k", key -> {
                    throw CallNotPermittedException.createCallNotPermittedException(
                            CircuitBreaker.ofDefaults("readModels"));
                }))
                .hasValue("v1");
    }

    @Test
    void withNothingKnownAnUnreachableStoreIsAnError() {
        assertThatThrownBy(() -> cache.get("k", down())).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void aValueTheStoreLastGaveLongerAgoThanStaleForIsForgotten() {
        cache.get("k", store("v1"));
        now.addAndGet(Duration.ofMinutes(9).toNanos());
        cache.get("k", store("v1"));
        now.addAndGet(Duration.ofMinutes(9).toNanos());

        assertThat(cache.get("k", down())).hasValue("v1");

        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThatThrownBy(() -> cache.get("k", down())).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void otherErrorsAreNotHiddenByTheCache() {
        cache.get("k", store("v1"));

        assertThatThrownBy(() -> cache.get("k", key -> {
                    throw new IllegalStateException("a bug");
                }))
                .isInstanceOf(IllegalStateException.class);
    }

    private static Function<String, Optional<String>> store(String value) {
        return key -> Optional.of(value);
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
