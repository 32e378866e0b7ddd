package dev.flock.edge.auth;

import java.util.Optional;

/** What logging in needs to know of an account. The account read model provides it; auth knows nothing more. */
public interface AccountCredentials {

    /** @param passwordHash as {@link Passwords#hash} made it */
    record Credentials(String accountId, String username, String passwordHash) {}

    /** @param username in any case: usernames are unique ignoring case */
    Optional<Credentials> credentials(String username);
}
