package dev.flock.contracts.event;

import dev.flock.contracts.Require;
import java.time.Instant;

/**
 * @param followedAt when the follow command was accepted; consumers order follows and unfollows of the same pair
 *                   by it, so a late, older message cannot undo a newer one
 */
public record AccountFollowed(String followerId, String followeeId, Instant followedAt) {

    public AccountFollowed {
        Require.text(followerId, "followerId");
        Require.text(followeeId, "followeeId");
        Require.present(followedAt, "followedAt");
    }
}
