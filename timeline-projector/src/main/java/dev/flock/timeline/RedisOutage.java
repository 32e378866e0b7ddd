package dev.flock.timeline;

import dev.flock.contracts.Envelope;
import dev.flock.platform.consume.BackOff;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisPipelineException;
import org.springframework.stereotype.Component;

/**
 * Redis unreachable is Redis's fault, not the event's: the handler is tried again with back-off, holding the event,
 * until Redis answers (every handler is idempotent, so running one again from the start is safe). Counting those
 * tries as attempts would dead-letter every event of a long Redis outage. Only when the service stops does the
 * failure go on to the retry queues, so the event is not lost with the process.
 */
@Component
class RedisOutage implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisOutage.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private final Counter held;
    private volatile boolean running;

    RedisOutage(MeterRegistry meters) {
        this.held = Counter.builder("flock.redis.held")
                .description("times an event was held because Redis could not be reached")
                .register(meters);
    }

    <T> Consumer<Envelope<T>> holding(Consumer<Envelope<T>> handler) {
        return event -> {
            BackOff backOff = new BackOff(FIRST_PAUSE, LONGEST_PAUSE, () -> running);
            while (true) {
                try {
                    handler.accept(event);
                    return;
                } catch (RuntimeException e) {
                    if (!running || !unreachable(e)) {
                        throw e;
                    }
                    held.increment();
                    log.warn(
                            "{} {}: Redis unreachable ({}); holding it, trying again in {}",
                            event.type(),
                            event.id(),
                            e.getMessage(),
                            backOff.next());
                    if (!backOff.pause()) {
                        throw e;
                    }
                }
            }
        };
    }

    /**
     * A connection that could not be made, a command that timed out, or a pipeline with such a command in it: a
     * pipeline on a pooled connection that broke fails as a whole, a timeout without a cause inside.
     */
    static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisConnectionFailureException
                    || cause instanceof RedisCommandTimeoutException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof RedisConnectionException) {
                return true;
            }
            if (cause instanceof RedisPipelineException pipeline
                    && pipeline.getPipelineResult().stream()
                            .anyMatch(result -> result instanceof Throwable failure
                                    && failure != pipeline
                                    && unreachable(failure))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops holding before the listener containers wait for their last messages. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
