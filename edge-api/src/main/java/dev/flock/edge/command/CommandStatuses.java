package dev.flock.edge.command;

import dev.flock.contracts.MessageType;
import dev.flock.edge.read.ReadGuard;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandRecord;
import java.util.Optional;

/** Reads a command's outcome from the command log of the worker that owns its type. */
public class CommandStatuses {

    private final CommandLog accountCommands;
    private final CommandLog postCommands;
    private final ReadGuard guard;

    public CommandStatuses(CommandLog accountCommands, CommandLog postCommands, ReadGuard guard) {
        this.accountCommands = accountCommands;
        this.postCommands = postCommands;
        this.guard = guard;
    }

    Optional<CommandRecord> find(IssuedCommand command) {
        return guard.read(() -> logOf(command.type()).find(command.commandId()));
    }

    private CommandLog logOf(MessageType type) {
        return type.id().startsWith("account.") ? accountCommands : postCommands;
    }
}
