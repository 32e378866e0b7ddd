package dev.flock.contracts.command;

import dev.flock.contracts.Limits;
import dev.flock.contracts.Require;

/**
 * Create an account. The edge chose the id, so the client knows it before the worker runs.
 *
 * @param passwordHash a BCrypt hash made at the edge; the plaintext never enters the broker
 */
public record RegisterAccount(String accountId, String username, String passwordHash, String displayName) {

    public RegisterAccount {
        Require.text(accountId, "accountId");
        Require.text(username, "username");
        Require.text(passwordHash, "passwordHash");
        Require.text(displayName, "displayName");
        if (!Limits.USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 3-30 letters, digits or underscores");
        }
        Limits.requireAtMost(displayName, Limits.DISPLAY_NAME_MAX, "displayName");
    }
}
