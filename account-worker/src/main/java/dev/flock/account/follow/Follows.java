package dev.flock.account.follow;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.account.profile.AccountDocument;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.contracts.ReadModels.Accounts;
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
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * account.follow and account.unfollow. Each sets the state of one pair if the command is newer than the last one
 * that did. The command that changes the state is recorded with it ({@code changedBy}), and it publishes the event
 * on every delivery until its outcome is recorded: a newer command that changes nothing cannot take that away.
 */
@Component
public class Follows implements InitializingBean {

    /** Writers racing on one pair: each lost race means another command's write landed; a few always suffice. */
    private static final int MAX_RACES = 10;

    private final MongoOperations mongo;

    Follows(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        var indexes = mongo.indexOps(FollowDocument.class);
        indexes.ensureIndex(new Index()
                .on(Accounts.FOLLOWEE_ID, Sort.Direction.ASC)
                .on(Accounts.ACTIVE, Sort.Direction.ASC)
                .on(Accounts.SINCE, Sort.Direction.DESC));
        indexes.ensureIndex(new Index()
                .on(Accounts.FOLLOWER_ID, Sort.Direction.ASC)
                .on(Accounts.ACTIVE, Sort.Direction.ASC)
                .on(Accounts.SINCE, Sort.Direction.DESC));
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

    /**
     * Compare-and-set on the pair's version: read, then write only if nobody wrote in between, else read again. No
     * upsert races (two first writers of a pair), so the newer command always wins on real MongoDB too.
     *
     * @return whether this command changed the pair's state, so followers must hear of it
     */
    private boolean setState(Envelope<?> command, String followerId, String followeeId, boolean active) {
        String id = FollowDocument.id(followerId, followeeId);
        String version = StateVersion.of(command);
        for (int race = 0; race < MAX_RACES; race++) {
            FollowDocument current = mongo.findById(id, FollowDocument.class);
            if (current != null && current.version().compareTo(version) >= 0) {
                // Applied already (a redelivery), or superseded by a newer command of the pair.
                return command.id().equals(current.changedBy());
            }
            boolean changes = current == null ? active : current.active() != active;
            if (current == null
                    ? inserted(command, followerId, followeeId, active)
                    : updated(current, command, active, changes)) {
                return changes;
            }
        }
        throw new IllegalStateException("lost " + MAX_RACES + " races on follow pair " + id + "; will retry");
    }

    private boolean inserted(Envelope<?> command, String followerId, String followeeId, boolean active) {
        FollowDocument first = new FollowDocument(
                FollowDocument.id(followerId, followeeId),
                followerId,
                followeeId,
                active,
                StateVersion.of(command),
                command.id(),
                active ? command.id() : null,
                command.occurredAt());
        try {
            mongo.insert(first);
            return true;
        } catch (RuntimeException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                return false; // another command of the pair wrote first: read again
            }
            throw e;
        }
    }

    private boolean updated(FollowDocument current, Envelope<?> command, boolean active, boolean changes) {
        Update update = new Update().set("version", StateVersion.of(command)).set("commandId", command.id());
        if (changes) {
            update.set(Accounts.ACTIVE, active)
                    .set("changedBy", command.id())
                    .set(Accounts.SINCE, command.occurredAt());
        }
        return mongo.updateFirst(
                                query(where("_id")
                                        .is(current.id())
                                        .and("version")
                                        .is(current.version())),
                                update,
                                FollowDocument.class)
                        .getModifiedCount()
                == 1;
    }
}
