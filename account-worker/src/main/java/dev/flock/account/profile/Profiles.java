package dev.flock.account.profile;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.ReadModels.Accounts;
import dev.flock.contracts.Rejections;
import dev.flock.contracts.StateVersion;
import dev.flock.contracts.command.UpdateProfile;
import dev.flock.contracts.event.ProfileUpdated;
import dev.flock.platform.command.Actor;
import dev.flock.platform.command.CommandOutcome;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * account.update-profile. Each field is set only by a command newer than the one that set it last, so two edits
 * applied out of order by competing workers still end with the later one.
 */
@Component
public class Profiles {

    private final MongoOperations mongo;

    Profiles(MongoOperations mongo) {
        this.mongo = mongo;
    }

    public CommandOutcome update(Envelope<UpdateProfile> command) {
        String accountId = Actor.of(command);
        if (!mongo.exists(query(where("_id").is(accountId)), AccountDocument.class)) {
            return CommandOutcome.rejected(Rejections.ACCOUNT_NOT_FOUND);
        }
        String version = StateVersion.of(command);
        UpdateProfile change = command.payload();
        if (change.displayName() != null) {
            setIfNewer(accountId, Accounts.DISPLAY_NAME, change.displayName(), version);
        }
        if (change.bio() != null) {
            setIfNewer(accountId, Accounts.BIO, change.bio(), version);
        }
        AccountDocument account = mongo.findById(accountId, AccountDocument.class);
        return CommandOutcome.applied(new ProfileUpdated(accountId, account.displayName(), account.bio()));
    }

    private void setIfNewer(String accountId, String field, String value, String version) {
        mongo.updateFirst(
                query(where("_id").is(accountId).and(field + "Version").lte(version)),
                new Update().set(field, value).set(field + "Version", version),
                AccountDocument.class);
    }
}
