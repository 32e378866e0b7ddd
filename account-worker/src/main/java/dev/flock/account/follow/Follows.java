package dev.flock.account.follow;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.account.profile.AccountDocument;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.contracts.Rejections;
import dev.flock.contracts.StateVersion;
import dev.flock.contracts.command.FollowAccount;
import dev.flock.contracts.command.UnfollowAccount;
import dev.flock.contracts.event.AccountFollowed;
import dev.flock.contracts.event.AccountUnfollowed;
import dev.flock.platform.command.Actor;
import dev.flock.platform.command.CommandOutcome;
import dev.flock.platform.message.PermanentFailure;
import dev.flock.platform.mongo.MongoErrors;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * account.follow and account.unfollow. Each sets the state of one pair if the command is newer than the last one
 * that did; an event is published only when the state changed (or when this is a redelivery of the command that
 * changed it, whose event may not have gone out).
 */
@Component
public class Follows implements InitializingBean {

    private final MongoOperations mongo;

    Follows(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        var indexes = mongo.indexOps(FollowDocument.class);
        indexes.ensureIndex(new Index()
                .on("followeeId", Sort.Direction.ASC)
                .on("active", Sort.Direction.ASC)
                .on("since", Sort.Direction.DESC));
        indexes.ensureIndex(new Index()
                .on("followerId", Sort.Direction.ASC)
                .on("active", Sort.Direction.ASC)
                .on("since", Sort.Direction.DESC));
    }

    public CommandOutcome follow(Envelope<FollowAccount> command) {
        String followerId = Actor.of(command);
        String followeeId = command.payload().followeeId();
        if (followerId.equals(followeeId)) {
            throw new PermanentFailure(FailureReason.INVALID_PAYLOAD, "an account cannot follow itself");
        }
        if (!mongo.exists(query(where("_id").is(followeeId)), AccountDocument.class)) {
            return CommandOutcome.rejected(Rejections.ACCOUNT_NOT_FOUND);
        }
        return setState(command, followerId, followeeId, true)
                ? CommandOutcome.applied(
                        new AccountFollowed(followerId, followeeId, command.occurredAt(), StateVersion.of(command)))
                : CommandOutcome.applied();
    }

    /** Unfollowing an account that is not followed (or does not exist) changes nothing and succeeds. */
    public CommandOutcome unfollow(Envelope<UnfollowAccount> command) {
        String followerId = Actor.of(command);
        String followeeId = command.payload().followeeId();
        return setState(command, followerId, followeeId, false)
                ? CommandOutcome.applied(
                        new AccountUnfollowed(followerId, followeeId, command.occurredAt(), StateVersion.of(command)))
                : CommandOutcome.applied();
    }

    /** @return whether followers must hear of it */
    private boolean setState(Envelope<?> command, String followerId, String followeeId, boolean active) {
        String version = StateVersion.of(command);
        Update update = new Update()
                .set("followerId", followerId)
                .set("followeeId", followeeId)
                .set("active", active)
                .set("version", version)
                .set("commandId", command.id())
                .set("since", command.occurredAt());
        FollowDocument before;
        try {
            before = mongo.findAndModify(
                    query(where("_id")
                            .is(FollowDocument.id(followerId, followeeId))
                            .and("version")
                            .lte(version)),
                    update,
                    FindAndModifyOptions.options().upsert(true).returnNew(false),
                    FollowDocument.class);
        } catch (RuntimeException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return false; // a newer command for this pair already decided its state
            }
            throw e;
        }
        if (before == null) {
            return active;
        }
        return before.active() != active || command.id().equals(before.commandId());
    }
}
