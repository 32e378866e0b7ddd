package dev.flock.contracts;

import java.time.Instant;

/**
 * Orders commands that set the same piece of state (a follow pair, a profile field): by the time the edge accepted
 * them, then by command id. Competing consumers may apply two such commands in either order; a write guarded by this
 * version lets the later command win anyway. Worker and projector compare the same strings.
 */
public final class StateVersion {

    private StateVersion() {}

    /** Compare the results as strings: the zero-padded time sorts first, the id breaks ties. */
    public static String of(Instant acceptedAt, String commandId) {
        return String.format("%013d-%s", acceptedAt.toEpochMilli(), commandId);
    }

    /** The version of the command in {@code command}. */
    public static String of(Envelope<?> command) {
        return of(command.occurredAt(), command.id());
    }
}
