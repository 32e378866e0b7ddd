package dev.flock.contracts.command;

import dev.flock.contracts.Limits;

/** Change the actor's profile. A {@code null} field stays as it is. */
public record UpdateProfile(String displayName, String bio) {

    public UpdateProfile {
        if (displayName == null && bio == null) {
            throw new IllegalArgumentException("displayName or bio is required");
        }
        Limits.requireAtMost(displayName, Limits.DISPLAY_NAME_MAX, "displayName");
        Limits.requireAtMost(bio, Limits.BIO_MAX, "bio");
    }
}
