package dev.flock.edge.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flock.platform.command.CommandRecord;
import dev.flock.platform.command.CommandStatus;
import java.time.Instant;

@JsonInclude(JsonInclude.Include.NON_NULL)
record CommandStatusView(
        String commandId,
        String type,
        CommandStatus status,
        String reason,
        String resourceId,
        Instant acceptedAt,
        Instant completedAt) {

    static CommandStatusView pending(IssuedCommand command) {
        return new CommandStatusView(
                command.commandId(),
                command.type().id(),
                CommandStatus.PENDING,
                null,
                command.createdResourceId(),
                command.acceptedAt(),
                null);
    }

    static CommandStatusView of(IssuedCommand command, CommandRecord record) {
        return new CommandStatusView(
                command.commandId(),
                command.type().id(),
                record.status(),
                record.reason(),
                command.createdResourceId(),
                command.acceptedAt(),
                record.completedAt());
    }
}
