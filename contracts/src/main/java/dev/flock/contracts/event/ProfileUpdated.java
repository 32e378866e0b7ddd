package dev.flock.contracts.event;

import dev.flock.contracts.Require;

/** The profile as it is after the change. */
public record ProfileUpdated(String accountId, String displayName, String bio) {

    public ProfileUpdated {
        Require.text(accountId, "accountId");
    }
}
