package dev.flock.post;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.DeletePost;
import dev.flock.testsupport.EventTap;
import dev.flock.testsupport.FlockServiceTest;
import dev.flock.testsupport.TestCommands;
import dev.flock.testsupport.TestCommands.Outcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoOperations;

@FlockServiceTest(properties = "spring.config.name=post-worker")
class PostWorkerIT {

    @Autowired
    TestCommands commands;

    @Autowired
    MongoOperations mongo;

    private EventTap events;

    @BeforeEach
    void listenToEvents() {
        events = commands.listenToEvents("post.#");
    }

    @Test
    void aPostIsStoredUnderTheIdTheEdgeChoseAndAnnounced() {
        String author = id();
        Envelope<?> create = commands.send(author, new CreatePost("post-" + id(), "alice", "hello"));

        Outcome outcome = commands.awaitOutcome(create.id());

        assertThat(outcome.status()).isEqualTo("APPLIED");
        PostDocument stored = mongo.findById(outcome.resourceId(), PostDocument.class);
        assertThat(stored.authorId()).isEqualTo(author);
        assertThat(stored.createdAt()).isEqualTo(create.occurredAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(events.types()).containsExactly("post.created");
    }

    @Test
    void onlyTheAuthorMayDeleteAPost() {
        String author = id();
        String postId = "post-" + id();
        commands.awaitOutcome(
                commands.send(author, new CreatePost(postId, "alice", "mine")).id());

        Outcome byOther = commands.awaitOutcome(
                commands.send(id(), new DeletePost(postId)).id());
        Outcome byAuthor = commands.awaitOutcome(
                commands.send(author, new DeletePost(postId)).id());
        Outcome again = commands.awaitOutcome(
                commands.send(author, new DeletePost(postId)).id());

        assertThat(byOther).isEqualTo(new Outcome("REJECTED", "NOT_AUTHOR", null));
        assertThat(byAuthor.status()).isEqualTo("APPLIED");
        assertThat(again).isEqualTo(new Outcome("REJECTED", "POST_NOT_FOUND", null));
        PostDocument stored = mongo.findById(postId, PostDocument.class);
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.text()).isNull();
        assertThat(events.types()).containsExactly("post.created", "post.deleted");
    }

    /**
     * The client knows a post's id as soon as its create is accepted, so its delete may reach a worker first (the
     * other replica, or a create waiting for a retry). The deletion is kept, and the late create lands deleted.
     */
    @Test
    void aDeleteThatArrivesBeforeItsCreateIsKeptAndTheCreateLandsDeleted() {
        String author = id();
        String postId = "post-" + id();
        Instant acceptedAt = Instant.now();
        Envelope<?> create = Envelope.of(id(), acceptedAt, author, new CreatePost(postId, "alice", "regret"));
        Envelope<?> delete = Envelope.of(id(), acceptedAt.plusMillis(5), author, new DeletePost(postId));

        commands.publish(delete);
        Outcome deleted = commands.awaitOutcome(delete.id());
        commands.publish(create);
        Outcome created = commands.awaitOutcome(create.id());

        assertThat(deleted.status()).isEqualTo("APPLIED");
        assertThat(created.status()).isEqualTo("APPLIED");
        PostDocument stored = mongo.findById(postId, PostDocument.class);
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.text()).isNull();
        assertThat(events.types()).as("nobody ever sees the post").isEmpty();
    }

    /** A delete can only stand for the post's author: another account's early delete is overruled by the create. */
    @Test
    void anEarlyDeleteByAnotherAccountDoesNotDeleteThePostAndEndsRejected() {
        String author = id();
        String postId = "post-" + id();
        Envelope<?> delete = commands.send(id(), new DeletePost(postId));
        commands.awaitOutcome(delete.id());

        Outcome created = commands.awaitOutcome(commands.send(author, new CreatePost(postId, "alice", "still here"))
                .id());

        assertThat(created.status()).isEqualTo("APPLIED");
        assertThat(mongo.findById(postId, PostDocument.class).deleted()).isFalse();
        assertThat(commands.outcome(delete.id())).isEqualTo(new Outcome("REJECTED", "NOT_AUTHOR", null));
        assertThat(events.types()).containsExactly("post.created");
    }

    /**
     * The create may be handled before the early delete's outcome is recorded (both in one batch, or on two
     * replicas): the create waits for it and still overrules it, instead of the delete's late outcome undoing that.
     */
    @Test
    void anEarlyDeleteByAnotherAccountFollowedAtOnceByTheCreateStillEndsRejected() {
        String postId = "post-" + id();
        Instant acceptedAt = Instant.now();
        Envelope<?> delete = Envelope.of(id(), acceptedAt, id(), new DeletePost(postId));
        Envelope<?> create = Envelope.of(id(), acceptedAt.plusMillis(5), id(), new CreatePost(postId, "alice", "mine"));

        commands.publish(delete);
        commands.publish(create);

        assertThat(commands.awaitOutcome(create.id()).status()).isEqualTo("APPLIED");
        assertThat(commands.awaitOutcome(delete.id())).isEqualTo(new Outcome("REJECTED", "NOT_AUTHOR", null));
        assertThat(mongo.findById(postId, PostDocument.class).deleted()).isFalse();
    }

    /** Published together, so they share batches: the poison takes the failure path alone. */
    @Test
    void aPoisonCommandAmongOthersIsDeadLetteredAloneAndTheOthersAreApplied() {
        String author = id();
        List<Envelope<?>> healthy = new ArrayList<>();
        Envelope<?> poison = Envelope.of(id(), Instant.now(), null, new CreatePost("post-" + id(), "alice", "?"));
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                commands.publish(poison);
            }
            Envelope<?> create = Envelope.of(id(), Instant.now(), author, new CreatePost("post-" + id(), "al", "hi"));
            commands.publish(create);
            healthy.add(create);
        }

        assertThat(commands.awaitOutcome(poison.id())).isEqualTo(new Outcome("FAILED", "INVALID_PAYLOAD", null));
        assertThat(healthy)
                .allSatisfy(create ->
                        assertThat(commands.awaitOutcome(create.id()).status()).isEqualTo("APPLIED"));
        assertThat(events.types()).hasSize(healthy.size()).containsOnly("post.created");
    }

    @Test
    void aPostCommandWithoutAnActorIsDeadLetteredNotApplied() {
        Envelope<?> create = commands.send(null, new CreatePost("post-" + id(), "alice", "who wrote this?"));

        assertThat(commands.awaitOutcome(create.id())).isEqualTo(new Outcome("FAILED", "INVALID_PAYLOAD", null));
        Message deadLetter = commands.awaitDeadLetter("post-worker.commands.dlq", create.id());
        assertThat((String) deadLetter.getMessageProperties().getHeader("x-flock-reason"))
                .isEqualTo("INVALID_PAYLOAD");
    }

    private static String id() {
        return TestCommands.uniqueId();
    }
}
