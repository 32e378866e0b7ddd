package dev.flock.edge.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flock.edge.read.ReadCircuitBreaker;
import dev.flock.edge.web.ApiProblem;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandLogs;
import dev.flock.platform.command.CommandStatus;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /commands/{id}}: how a command ended, read from the command log of the worker that owns its type, or
 * {@code PENDING} while that log has no entry. No token needed: ids are unguessable.
 */
@RestController
class CommandStatusController {

    static final String PATH = "/api/v1/commands";

    /** The status resource. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Status(
            String commandId,
            String type,
            CommandStatus status,
            String reason,
            String resourceId,
            Instant acceptedAt,
            Instant completedAt) {

        static Status of(IssuedCommand command, CommandLog.Entry entry) {
            return new Status(
                    command.commandId(),
                    command.type().id(),
                    entry == null ? CommandStatus.PENDING : entry.status(),
                    entry == null ? null : entry.reason(),
                    command.createdResourceId(),
                    command.acceptedAt(),
                    entry == null ? null : entry.completedAt());
        }
    }

    private final CommandIds ids;
    private final CommandLogs logs;
    private final ReadCircuitBreaker breaker;

    CommandStatusController(CommandIds ids, CommandLogs logs, ReadCircuitBreaker breaker) {
        this.ids = ids;
        this.logs = logs;
        this.breaker = breaker;
    }

    @GetMapping(PATH + "/{commandId}")
    Status status(@PathVariable String commandId) {
        IssuedCommand command =
                ids.verify(commandId).orElseThrow(() -> ApiProblem.notFound("No command was issued with this id."));
        var entry = breaker.read(() -> logs.of(command.type().id()).find(command.commandId()));
        return Status.of(command, entry.orElse(null));
    }
}
