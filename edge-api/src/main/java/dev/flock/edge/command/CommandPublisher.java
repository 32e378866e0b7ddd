package dev.flock.edge.command;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.Topology;
import dev.flock.edge.web.ApiProblem;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.ConfirmedPublisher;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionBlockedEvent;
import org.springframework.amqp.rabbit.connection.ConnectionUnblockedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Hands a command to the broker and returns only once the broker confirmed it durable in a work queue. Anything
 * else (unreachable, blocked, refused, unroutable, no confirm within the timeout) is a 503 with
 * {@code Retry-After}: the command was not confirmed, and the client repeats it with the same idempotency key.
 */
@Component
class CommandPublisher {

    private static final Logger log = LoggerFactory.getLogger(CommandPublisher.class);

    private final ConfirmedPublisher publisher;
    private final MessageCodec codec;
    private final BrokerProperties properties;
    private final Retry retry;
    private final CircuitBreaker breaker;
    /** Connections the broker said it blocks; a connection closed since then blocks nothing. */
    private final Set<Connection> blocked = ConcurrentHashMap.newKeySet();

    CommandPublisher(
            ConfirmedPublisher publisher,
            MessageCodec codec,
            BrokerProperties properties,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers) {
        this.publisher = publisher;
        this.codec = codec;
        this.properties = properties;
        this.retry = retries.retry("broker");
        this.breaker = breakers.circuitBreaker("broker");
    }

    void publish(Envelope<?> command) {
        if (blocked()) {
            throw unavailable("The message broker refuses new messages for now (resource alarm).");
        }
        Runnable send = () -> publisher.publishRouted(
                Topology.COMMANDS_EXCHANGE, command.type(), codec.encode(command, command.id()));
        try {
            // A retry sends the same message id again: should the first copy have arrived after all, the workers
            // still apply the command once.
            Retry.decorateRunnable(retry, CircuitBreaker.decorateRunnable(breaker, send))
                    .run();
        } catch (CallNotPermittedException e) {
            throw unavailable("The message broker is failing; commands are refused for a few seconds.");
        } catch (AmqpException e) {
            log.warn("{} {} not accepted: {}", command.type(), command.id(), e.getMessage());
            throw unavailable("The message broker did not confirm the command.");
        }
    }

    /** A blocked connection would hold the request for the whole confirm timeout: fail fast instead. */
    @EventListener
    void onBlocked(ConnectionBlockedEvent event) {
        log.warn("broker blocked publishing: {}", event.getReason());
        blocked.add(event.getConnection());
    }

    @EventListener
    void onUnblocked(ConnectionUnblockedEvent event) {
        log.info("broker unblocked publishing");
        blocked.remove(event.getConnection());
    }

    /**
     * The broker never unblocks a connection that closed while blocked (a node restart, {@code close_all_connections},
     * a network failure): only open connections count, and the next publish opens a new one.
     */
    private boolean blocked() {
        blocked.removeIf(connection -> !connection.isOpen());
        return !blocked.isEmpty();
    }

    private ApiProblem unavailable(String why) {
        // Not confirmed is not "not taken": a confirm lost with its connection leaves the command stored. The key
        // makes the repeat safe.
        return ApiProblem.unavailable(
                why + " The command was not confirmed; repeat it with the same Idempotency-Key, which never applies"
                        + " it twice.",
                properties.retryAfter());
    }
}
