package dev.flock.contracts.event;

import dev.flock.contracts.Require;
import java.time.Instant;

public record AccountRegistered(String accountId, String username, String displayName, Instant createdAt) {

    public AccountRegistered {
        Require.text(accountId, "accountId");
        Require.text(username, "username");
        Require.present(createdAt, "createdAt");
    }
}
