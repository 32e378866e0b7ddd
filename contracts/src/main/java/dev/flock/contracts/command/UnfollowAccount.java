package dev.flock.contracts.command;

import dev.flock.contracts.Require;

/** The actor stops following {@code followeeId}. */
public record UnfollowAccount(String followeeId) {

    public UnfollowAccount {
        Require.text(followeeId, "followeeId");
    }
}
