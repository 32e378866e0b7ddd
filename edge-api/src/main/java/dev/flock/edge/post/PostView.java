package dev.flock.edge.post;

import java.time.Instant;

/** A post as the API shows it, alone or in a page. */
public record PostView(String id, String authorId, String authorUsername, String text, Instant createdAt) {}
