package dev.flock.platform.command;

import dev.flock.contracts.Envelope;
import dev.flock.platform.consume.HandlerTable;
import java.util.function.Function;

/** Routes each command to the one method that decides it. */
public final class CommandHandlers {

    private final HandlerTable<CommandOutcome> table = new HandlerTable<>();

    public <P> CommandHandlers on(Class<P> commandType, Function<Envelope<P>, CommandOutcome> handler) {
        table.put(commandType, handler);
        return this;
    }

    CommandOutcome dispatch(Envelope<?> command) {
        return table.dispatch(command);
    }
}
