package dev.flock.account.follow;

import dev.flock.contracts.ReadModels.Accounts;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;

/**
 * Who follows whom, one document per ordered pair, kept after an unfollow ({@code active = false}) so that its
 * {@code version} still orders a late, older command of the same pair.
 *
 * @param version   the {@code StateVersion} of the newest command applied to the pair
 * @param commandId that newest command
 * @param changedBy the command that last changed {@code active}: it owes followers the event, even after newer
 *                  commands that changed nothing
 * @param since     when the current state was asked for
 */
@Document(FollowDocument.COLLECTION)
public record FollowDocument(
        @Id String id,
        @Field(Accounts.FOLLOWER_ID) String followerId,
        @Field(Accounts.FOLLOWEE_ID) String followeeId,
        @Field(Accounts.ACTIVE) boolean active,
        String version,
        String commandId,
        String changedBy,
        @Field(Accounts.SINCE) Instant since) {

    public static final String COLLECTION = Accounts.FOLLOWS;

    static String id(String followerId, String followeeId) {
        return followerId + ":" + followeeId;
    }
}
