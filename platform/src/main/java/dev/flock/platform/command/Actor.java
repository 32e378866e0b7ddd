package dev.flock.platform.command;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.platform.message.PermanentFailure;

/** The account that sent a command. */
public final class Actor {

    private Actor() {}

    /** A command that needs an actor and has none is invalid: it is dead-lettered at once. */
    public static String of(Envelope<?> command) {
        if (command.actor() == null || command.actor().isBlank()) {
            throw new PermanentFailure(FailureReason.INVALID_PAYLOAD, command.type() + " needs an actor");
        }
        return command.actor();
    }
}
