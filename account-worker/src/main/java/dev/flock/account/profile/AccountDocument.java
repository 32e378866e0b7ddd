package dev.flock.account.profile;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An account as stored. {@code usernameKey} (lower case, unique index) makes usernames unique ignoring case;
 * {@code registeredBy} is the command that created it, to recognise a redelivery; each profile field carries the
 * version of the command that last set it.
 */
@Document(AccountDocument.COLLECTION)
public record AccountDocument(
        @Id String id,
        String username,
        String usernameKey,
        String passwordHash,
        String displayName,
        String bio,
        Instant createdAt,
        String registeredBy,
        String displayNameVersion,
        String bioVersion) {

    public static final String COLLECTION = "accounts";
}
