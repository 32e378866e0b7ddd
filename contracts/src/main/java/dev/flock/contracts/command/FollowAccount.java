package dev.flock.contracts.command;

import dev.flock.contracts.Require;

/** The actor starts following {@code followeeId}. */
public record FollowAccount(String followeeId) {

    public FollowAccount {
        Require.text(followeeId, "followeeId");
    }
}
