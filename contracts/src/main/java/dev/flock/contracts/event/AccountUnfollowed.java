package dev.flock.contracts.event;

import dev.flock.contracts.Require;
import java.time.Instant;

/** @param unfollowedAt when the unfollow command was accepted (see {@link AccountFollowed#followedAt()}) */
public record AccountUnfollowed(String followerId, String followeeId, Instant unfollowedAt) {

    public AccountUnfollowed {
        Require.text(followerId, "followerId");
        Require.text(followeeId, "followeeId");
        Require.present(unfollowedAt, "unfollowedAt");
    }
}
