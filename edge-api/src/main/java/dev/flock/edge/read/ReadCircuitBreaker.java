package dev.flock.edge.read;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Every read-model query passes through one circuit breaker: when MongoDB stops answering, requests fail at once
 * (503, or a last known value) instead of each waiting for the driver's timeouts.
 */
@Component
public class ReadCircuitBreaker {

    private final CircuitBreaker breaker;

    ReadCircuitBreaker(CircuitBreakerRegistry breakers) {
        this.breaker = breakers.circuitBreaker("readModels");
    }

    public <T> T read(Supplier<T> query) {
        return breaker.executeSupplier(query);
    }

    /** The database is unreachable or the breaker is open: a reason to serve a stale value, or to answer 503. */
    public static boolean unavailable(Throwable e) {
        return e instanceof CallNotPermittedException
                || e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessException;
    }
}
