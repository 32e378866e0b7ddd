package dev.flock.contracts.event;

import dev.flock.contracts.Require;
import dev.flock.contracts.StateVersion;
import java.time.Instant;

/**
 * @param unfollowedAt when the unfollow command was accepted
 * @param version      the {@link StateVersion} of the unfollow command (see {@link AccountFollowed#version()})
 */
public record AccountUnfollowed(String followerId, String followeeId, Instant unfollowedAt, String version) {

    public AccountUnfollowed {
        Require.text(followerId, "followerId");
        Require.text(followeeId, "followeeId");
        Require.present(unfollowedAt, "unfollowedAt");
        version = version == null ? StateVersion.of(unfollowedAt, "") : version;
    }
}
