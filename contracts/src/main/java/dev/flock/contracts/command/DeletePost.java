package dev.flock.contracts.command;

import dev.flock.contracts.Require;

/** Delete a post; only its author may. */
public record DeletePost(String postId) {

    public DeletePost {
        Require.text(postId, "postId");
    }
}
