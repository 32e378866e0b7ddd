package dev.flock.edge.command;

import dev.flock.contracts.MessageType;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandRecord;
import java.util.Optional;

/** Reads a command's outcome from the command log of the worker that owns its type. */
public class CommandStatuses {

    private final CommandLog accountCommands;
    private final CommandLog postCommands;

    public CommandStatuses(CommandLog accountCommands, CommandLog postCommands) {
        this.accountCommands = accountCommands;
        this.postCommands = postCommands;
    }

    Optional<CommandRecord> find(IssuedCommand command) {
        return logOf(command.type()).find(command.commandId());
    }

    private CommandLog logOf(MessageType type) {
        return type.id().startsWith("account.") ? accountCommands : postCommands;
    }
}
