package dev.flock.contracts.command;

import dev.flock.contracts.Limits;
import dev.flock.contracts.Require;

/**
 * Publish a post by the actor. The edge chose the id; ids sort by creation time.
 *
 * @param authorUsername taken from the actor's token, so the post worker needs no copy of the accounts
 */
public record CreatePost(String postId, String authorUsername, String text) {

    public CreatePost {
        Require.text(postId, "postId");
        Require.text(authorUsername, "authorUsername");
        Require.text(text, "text");
        Limits.requireAtMost(text, Limits.POST_TEXT_MAX, "text");
    }
}
