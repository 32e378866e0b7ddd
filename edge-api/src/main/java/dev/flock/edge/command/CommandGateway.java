package dev.flock.edge.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.MessageType;
import dev.flock.edge.auth.Hmac;
import dev.flock.edge.auth.SecurityProperties;
import dev.flock.edge.limit.RateLimits;
import dev.flock.platform.consume.InboundProcessor;
import dev.flock.platform.metrics.CommandMeters;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Where every command request ends: rate limit, command id, idempotency key, publish, and the 202 once confirmed. Nothing here
 * writes to a database but the idempotency key.
 */
@Component
public class CommandGateway {

    private static final Logger log = LoggerFactory.getLogger(CommandGateway.class);
    private static final ContextSnapshotFactory SNAPSHOTS =
            ContextSnapshotFactory.builder().build();

    private final CommandIds ids;
    private final CommandPublisher publisher;
    private final IdempotencyKeys idempotencyKeys;
    private final RateLimits rateLimits;
    private final ObjectMapper mapper;
    private final SecretKeySpec fingerprintKey;
    private final CommandMeters meters;
    private final Executor afterConfirm;

    CommandGateway(
            CommandIds ids,
            CommandPublisher publisher,
            IdempotencyKeys idempotencyKeys,
            RateLimits rateLimits,
            ObjectMapper mapper,
            SecurityProperties security,
            CommandMeters meters,
            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor afterConfirm) {
        this.ids = ids;
        this.publisher = publisher;
        this.idempotencyKeys = idempotencyKeys;
        this.rateLimits = rateLimits;
        this.mapper = mapper;
        this.fingerprintKey = security.key("flock idempotency fingerprints");
        this.meters = meters;
        this.afterConfirm = afterConfirm;
    }

    /**
     * @param request  the validated request, as the client sent it: a repeat with the same idempotency key must
     *                 match it
     * @param payload  builds the command payload from the id of the resource the command creates
     * @return the 202, once the broker confirmed the command; or a 503 {@link ApiProblem}. Refusals that need no
     *         broker (rate limit, a key reused for another request) are thrown at once.
     */
    public CompletableFuture<ResponseEntity<Accepted>> accept(
            CommandOrigin origin, MessageType type, Object request, Function<String, Object> payload) {
        rateLimits.command(origin.accountId(), origin.address());
        IssuedCommand issued = ids.issue(type);
        if (origin.idempotencyKey() != null) {
            IdempotencyKeys.Reservation reservation = idempotencyKeys.reserve(
                    origin.idempotencyScope(), origin.idempotencyKey(), fingerprint(type, request), issued.commandId());
            issued = ids.verify(reservation.commandId()).orElseThrow();
            if (reservation.accepted()) {
                return CompletableFuture.completedFuture(Accepted.of(issued));
            }
        }
        IssuedCommand command = issued;
        // The request's trace, for the threads that send and finish the command: the message carries it to the
        // worker, and the 'accepted' line names it.
        ContextSnapshot requestTrace = SNAPSHOTS.captureAll();
        CompletableFuture<Void> confirmed;
        try (var ignored = MDC.putCloseable(InboundProcessor.MDC_COMMAND_ID, command.commandId())) {
            confirmed = publisher.publish(
                    Envelope.of(
                            command.commandId(),
                            command.acceptedAt(),
                            origin.accountId(),
                            payload.apply(command.resourceId())),
                    requestTrace);
        }
        // Off the broker connection's thread: recording the key is a database write.
        return confirmed.thenApplyAsync(
                confirm -> {
                    try (var trace = requestTrace.setThreadLocals();
                            var ignored = MDC.putCloseable(InboundProcessor.MDC_COMMAND_ID, command.commandId())) {
                        if (origin.idempotencyKey() != null) {
                            idempotencyKeys.accepted(origin.idempotencyScope(), origin.idempotencyKey());
                        }
                        meters.accepted(type);
                        log.info("accepted {} {}", type.id(), command.commandId());
                        return Accepted.of(command);
                    }
                },
                afterConfirm);
    }

    private String fingerprint(MessageType type, Object request) {
        try {
            byte[] body = mapper.writeValueAsBytes(request);
            byte[] typed =
                    (type.id() + "\n" + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            return Base64.getEncoder().encodeToString(Hmac.sha256(fingerprintKey, typed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint " + type.id(), e);
        }
    }
}
