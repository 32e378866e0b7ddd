package dev.flock.edge.account;

import java.time.Instant;

/** An account as {@code GET /accounts/{id}} shows it. */
record AccountView(
        String id,
        String username,
        String displayName,
        String bio,
        Instant createdAt,
        long followers,
        long following) {}
