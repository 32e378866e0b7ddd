package dev.flock.contracts.event;

import dev.flock.contracts.Require;
import java.time.Instant;

public record PostDeleted(String postId, String authorId, Instant deletedAt) {

    public PostDeleted {
        Require.text(postId, "postId");
        Require.text(authorId, "authorId");
        Require.present(deletedAt, "deletedAt");
    }
}
