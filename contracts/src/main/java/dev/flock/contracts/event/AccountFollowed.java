package dev.flock.contracts.event;

import dev.flock.contracts.Require;
import dev.flock.contracts.StateVersion;
import java.time.Instant;

/**
 * @param followedAt when the follow command was accepted
 * @param version    the {@link StateVersion} of the follow command: consumers order the follows and unfollows of one
 *                   pair by it, so a late, older message cannot undo a newer one. Events published before it existed
 *                   lack it and are ordered by {@code followedAt} alone.
 */
public record AccountFollowed(String followerId, String followeeId, Instant followedAt, String version) {

    public AccountFollowed {
        Require.text(followerId, "followerId");
        Require.text(followeeId, "followeeId");
        Require.present(followedAt, "followedAt");
        version = version == null ? StateVersion.of(followedAt, "") : version;
    }
}
