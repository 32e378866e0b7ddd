package dev.flock.timelines;

import java.time.Instant;

/** A post as the edge shows it, cached in Redis by the projector (and by the edge on a miss). */
public record CachedPost(String id, String authorId, String authorUsername, String text, Instant createdAt) {}
