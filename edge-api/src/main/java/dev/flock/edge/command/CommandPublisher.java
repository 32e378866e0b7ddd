package dev.flock.edge.command;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.Topology;
import dev.flock.edge.web.ApiProblem;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.platform.publish.PublishFailedException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.context.ContextSnapshot;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Hands a command to the broker; it counts as accepted once the broker confirmed it durable in a work queue. Anything
 * else (unreachable, blocked, refused, unroutable, no confirm within the timeout) is a 503 with
 * {@code Retry-After}: the command was not confirmed, and the client repeats it with the same idempotency key.
 */
@Component
class CommandPublisher {

    private static final Logger log = LoggerFactory.getLogger(CommandPublisher.class);
    private static final int SENDING_THREADS = 4;
    private static final int SENDS_WAITING = 1024;

    private final ConfirmedPublisher publisher;
    private final MessageCodec codec;
    private final BrokerProperties properties;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final BlockedConnections blocked;
    /**
     * The threads that send: a send takes microseconds while the broker is well, so a few suffice; when it hangs they
     * block, the queue fills, and further commands are refused at once instead of piling up.
     */
    private final ExecutorService sending = new ThreadPoolExecutor(
            SENDING_THREADS,
            SENDING_THREADS,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(SENDS_WAITING),
            new CustomizableThreadFactory("command-send-"));

    CommandPublisher(
            ConfirmedPublisher publisher,
            MessageCodec codec,
            BrokerProperties properties,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            BlockedConnections blocked) {
        this.publisher = publisher;
        this.codec = codec;
        this.properties = properties;
        this.retry = retries.retry("broker");
        this.breaker = breakers.circuitBreaker("broker");
        this.blocked = blocked;
    }

    /**
     * Hands the command to a sending thread and returns at once; the future completes when the broker confirmed it,
     * or fails with a 503 {@link ApiProblem} within the confirm timeout. No request thread waits for the broker: not
     * for a confirm, and not for a send that blocks (a channel to open over a hung link, a connection the broker
     * blocks). Otherwise a slow broker would hold one request thread per command, and with them every read.
     */
    /** @param requestTrace the request's trace, continued by the sending thread */
    CompletableFuture<Void> publish(Envelope<?> command, ContextSnapshot requestTrace) {
        if (blocked.any()) {
            return CompletableFuture.failedFuture(
                    unavailable("The message broker refuses new messages for now (resource alarm)."));
        }
        // A retry sends the same message id again: should the first copy have arrived after all, the workers still
        // apply the command once.
        Supplier<ConfirmedPublisher.Pending> send = Retry.decorateSupplier(
                retry,
                () -> publisher.send(Topology.COMMANDS_EXCHANGE, command.type(), codec.encode(command, command.id())));
        Supplier<ConfirmedPublisher.Pending> sendInTrace = () -> {
            try (var trace = requestTrace.setThreadLocals()) {
                return send.get();
            }
        };
        Supplier<CompletionStage<Void>> confirmed = () -> CompletableFuture.supplyAsync(sendInTrace, sending)
                .thenCompose(ConfirmedPublisher.Pending::confirmed)
                .thenAccept(routing -> {
                    if (routing == ConfirmedPublisher.Routing.UNROUTABLE) {
                        throw new PublishFailedException("no queue is bound for " + command.type());
                    }
                })
                // The whole of it, the send included, so that a stuck send is a failure the breaker counts too.
                .orTimeout(publisher.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return CircuitBreaker.decorateCompletionStage(breaker, confirmed)
                .get()
                .toCompletableFuture()
                .exceptionally(failure -> {
                    throw refusal(command, failure instanceof CompletionException ? failure.getCause() : failure);
                });
    }

    @PreDestroy
    void stopSending() {
        sending.shutdown();
    }

    private ApiProblem refusal(Envelope<?> command, Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return unavailable("The message broker is failing; commands are refused for a few seconds.");
        }
        if (failure instanceof RejectedExecutionException) {
            return unavailable("Too many commands are waiting to be sent to the message broker.");
        }
        String why = failure instanceof TimeoutException
                ? "no confirm within " + publisher.confirmTimeout()
                : failure.getMessage();
        log.warn("{} {} not accepted: {}", command.type(), command.id(), why);
        return unavailable("The message broker did not confirm the command.");
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
