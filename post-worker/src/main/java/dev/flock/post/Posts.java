package dev.flock.post;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.contracts.Rejections;
import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.DeletePost;
import dev.flock.contracts.event.PostCreated;
import dev.flock.contracts.event.PostDeleted;
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

/** post.create and post.delete, each keyed by the post id the edge chose. */
@Component
class Posts implements InitializingBean {

    private final MongoOperations mongo;

    Posts(MongoOperations mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        // An author's posts, newest first (post ids sort by creation time).
        mongo.indexOps(PostDocument.class)
                .ensureIndex(new Index()
                        .on("authorId", Sort.Direction.ASC)
                        .on("deleted", Sort.Direction.ASC)
                        .on("_id", Sort.Direction.DESC));
    }

    CommandOutcome create(Envelope<CreatePost> command) {
        String authorId = Actor.of(command);
        CreatePost post = command.payload();
        try {
            mongo.insert(new PostDocument(
                    post.postId(),
                    authorId,
                    post.authorUsername(),
                    post.text(),
                    command.occurredAt(),
                    command.id(),
                    false,
                    null,
                    null));
        } catch (RuntimeException e) {
            if (!MongoErrors.isDuplicateKey(e)) {
                throw e;
            }
            if (!mongo.exists(
                    query(where("_id").is(post.postId()).and("createdBy").is(command.id())), PostDocument.class)) {
                throw new PermanentFailure(FailureReason.INVALID_PAYLOAD, "post id " + post.postId() + " is taken");
            }
            // Our own insert, from a delivery that did not get to the end: finish it.
        }
        return CommandOutcome.created(
                post.postId(),
                new PostCreated(post.postId(), authorId, post.authorUsername(), post.text(), command.occurredAt()));
    }

    CommandOutcome delete(Envelope<DeletePost> command) {
        String actor = Actor.of(command);
        String postId = command.payload().postId();
        PostDocument post = mongo.findById(postId, PostDocument.class);
        if (post == null) {
            return CommandOutcome.rejected(Rejections.POST_NOT_FOUND);
        }
        if (!post.authorId().equals(actor)) {
            return CommandOutcome.rejected(Rejections.NOT_AUTHOR);
        }
        mongo.updateFirst(
                query(where("_id").is(postId).and("deleted").is(false)),
                new Update()
                        .set("deleted", true)
                        .set("deletedBy", command.id())
                        .set("deletedAt", command.occurredAt())
                        .unset("text"),
                PostDocument.class);
        // Whoever's update matched, the post is deleted now; only the command that deleted it reports it.
        if (!mongo.exists(query(where("_id").is(postId).and("deletedBy").is(command.id())), PostDocument.class)) {
            return CommandOutcome.rejected(Rejections.POST_NOT_FOUND);
        }
        return CommandOutcome.applied(new PostDeleted(postId, actor, command.occurredAt()));
    }
}
