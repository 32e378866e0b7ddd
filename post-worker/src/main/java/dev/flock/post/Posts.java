package dev.flock.post;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.contracts.ReadModels;
import dev.flock.contracts.Rejections;
import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.DeletePost;
import dev.flock.contracts.event.PostCreated;
import dev.flock.contracts.event.PostDeleted;
import dev.flock.platform.command.Actor;
import dev.flock.platform.command.CommandLog;
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
 * post.create and post.delete, each keyed by the post id the edge chose. The client knows that id at once, so a
 * delete may overtake its create: it leaves a tombstone, and the create then lands deleted.
 */
@Component
class Posts implements InitializingBean {

    private final MongoOperations mongo;
    private final CommandLog commandLog;

    Posts(MongoOperations mongo, CommandLog commandLog) {
        this.mongo = mongo;
        this.commandLog = commandLog;
    }

    @Override
    public void afterPropertiesSet() {
        // An author's posts, newest first (post ids sort by creation time).
        mongo.indexOps(PostDocument.class)
                .ensureIndex(new Index()
                        .on(ReadModels.Posts.AUTHOR_ID, Sort.Direction.ASC)
                        .on(ReadModels.Posts.DELETED, Sort.Direction.ASC)
                        .on("_id", Sort.Direction.DESC));
    }

    CommandOutcome create(Envelope<CreatePost> command) {
        String authorId = Actor.of(command);
        CreatePost post = command.payload();
        PostDocument created = new PostDocument(
                post.postId(),
                authorId,
                post.authorUsername(),
                post.text(),
                command.occurredAt(),
                command.id(),
                false,
                null,
                null);
        try {
            mongo.insert(created);
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            return createOver(mongo.findById(post.postId(), PostDocument.class), created, command);
        }
        return announced(created);
    }

    /** The post id is taken: by this command's own earlier delivery, by a tombstone, or by another post. */
    private CommandOutcome createOver(PostDocument existing, PostDocument created, Envelope<CreatePost> command) {
        if (command.id().equals(existing.createdBy())) {
            // Our own insert, from a delivery that did not get to the end: finish it.
            return existing.deleted() ? CommandOutcome.created(created.id()) : announced(created);
        }
        if (!existing.isTombstone()) {
            throw new PermanentFailure(FailureReason.INVALID_PAYLOAD, "post id " + created.id() + " is taken");
        }
        if (existing.authorId().equals(created.authorId())) {
            // The author deleted it before it arrived: it exists, deleted, and nobody ever sees it.
            mongo.updateFirst(
                    query(where("_id").is(created.id()).and("createdBy").is(null)),
                    new Update()
                            .set(ReadModels.Posts.AUTHOR_USERNAME, created.authorUsername())
                            .set(ReadModels.Posts.CREATED_AT, created.createdAt())
                            .set("createdBy", command.id()),
                    PostDocument.class);
            return CommandOutcome.created(created.id());
        }
        // Only the author may delete a post: another account's early delete does not stand. Overruled first: until
        // that delete's outcome is recorded, this create fails and is tried again, its post not written yet.
        commandLog.overrule(existing.deletedBy(), Rejections.NOT_AUTHOR);
        mongo.save(created);
        return announced(created);
    }

    CommandOutcome delete(Envelope<DeletePost> command) {
        String actor = Actor.of(command);
        String postId = command.payload().postId();
        PostDocument post = mongo.findById(postId, PostDocument.class);
        if (post == null) {
            return keepEarly(command, actor, postId);
        }
        if (!post.authorId().equals(actor)) {
            return CommandOutcome.rejected(Rejections.NOT_AUTHOR);
        }
        if (post.isTombstone()) {
            return command.id().equals(post.deletedBy())
                    ? CommandOutcome.applied()
                    : CommandOutcome.rejected(Rejections.POST_NOT_FOUND);
        }
        mongo.updateFirst(
                query(where("_id").is(postId).and(ReadModels.Posts.DELETED).is(false)),
                new Update()
                        .set(ReadModels.Posts.DELETED, true)
                        .set("deletedBy", command.id())
                        .set("deletedAt", command.occurredAt())
                        .unset(ReadModels.Posts.TEXT),
                PostDocument.class);
        // Whoever's update matched, the post is deleted now; only the command that deleted it reports it.
        if (!mongo.exists(query(where("_id").is(postId).and("deletedBy").is(command.id())), PostDocument.class)) {
            return CommandOutcome.rejected(Rejections.POST_NOT_FOUND);
        }
        return CommandOutcome.applied(new PostDeleted(postId, actor, command.occurredAt()));
    }

    /** A delete ahead of its create: keep it as a tombstone. */
    private CommandOutcome keepEarly(Envelope<DeletePost> command, String actor, String postId) {
        try {
            mongo.insert(PostDocument.tombstone(postId, actor, command.id(), command.occurredAt()));
            return CommandOutcome.applied();
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            return delete(command); // the create (or another delete) landed meanwhile: decide against it
        }
    }

    private static CommandOutcome announced(PostDocument post) {
        return CommandOutcome.created(
                post.id(),
                new PostCreated(post.id(), post.authorId(), post.authorUsername(), post.text(), post.createdAt()));
    }
}
