package dev.flock.platform.command;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.platform.message.PermanentFailure;

/** Small facts about a command that several handlers need. */
public final class Commands {

    private Commands() {}

    /** The account that sent the command; a command that needs one and has none is invalid. */
    public static String actor(Envelope<?> command) {
        if (command.actor() == null || command.actor().isBlank()) {
            throw new PermanentFailure(FailureReason.INVALID_PAYLOAD, command.type() + " needs an actor");
        }
        return command.actor();
    }

    /**
     * A version that orders commands by when the edge accepted them (ties broken by id). Competing consumers may
     * apply two commands of one user out of order; writes guarded by this version let the later one win anyway.
     */
    public static String version(Envelope<?> command) {
        return String.format("%013d-%s", command.occurredAt().toEpochMilli(), command.id());
    }
}
