package dev.flock.contracts.event;

import dev.flock.contracts.Require;
import java.time.Instant;

public record PostCreated(String postId, String authorId, String authorUsername, String text, Instant createdAt) {

    public PostCreated {
        Require.text(postId, "postId");
        Require.text(authorId, "authorId");
        Require.present(createdAt, "createdAt");
    }
}
