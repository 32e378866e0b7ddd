package dev.flock.account.profile;

import dev.flock.contracts.ReadModels.Accounts;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;

/**
 * An account as stored. {@code usernameKey} (lower case, unique index) makes usernames unique ignoring case;
 * {@code registeredBy} is the command that created it, to recognise a redelivery; each profile field carries the
 * version of the command that last set it. The fields the edge reads are named in {@link Accounts}.
 */
@Document(AccountDocument.COLLECTION)
public record AccountDocument(
        @Id String id,
        @Field(Accounts.USERNAME) String username,
        @Field(Accounts.USERNAME_KEY) String usernameKey,
        @Field(Accounts.PASSWORD_HASH) String passwordHash,
        @Field(Accounts.DISPLAY_NAME) String displayName,
        @Field(Accounts.BIO) String bio,
        @Field(Accounts.CREATED_AT) Instant createdAt,
        String registeredBy,
        String displayNameVersion,
        String bioVersion) {

    public static final String COLLECTION = Accounts.ACCOUNTS;
}
