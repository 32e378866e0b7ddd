package dev.flock.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.MessageType;
import dev.flock.contracts.Rejections;
import dev.flock.contracts.Topology;
import dev.flock.contracts.command.CreatePost;
import dev.flock.contracts.command.DeletePost;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandStatus;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.testsupport.EventTap;
import dev.flock.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        properties = "spring.config.name=" + PostWorkerApplication.NAME,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PostWorkerIT {

    static final TestInfrastructure infrastructure = TestInfrastructure.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
    }

    @Autowired
    ConfirmedPublisher publisher;

    @Autowired
    MessageCodec codec;

    @Autowired
    CommandLog commandLog;

    @Autowired
    MongoOperations mongo;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    RabbitAdmin admin;

    private EventTap events;

    @BeforeEach
    void listenToEvents() {
        events = EventTap.listen(admin, rabbit, "post.#");
    }

    @AfterEach
    void stopListening() {
        events.close();
    }

    @Test
    void aPostIsStoredUnderTheIdTheEdgeChoseAndAnnounced() {
        String author = id();
        Envelope<?> create = send(author, new CreatePost("post-" + id(), "alice", "hello"));

        CommandLog.Entry outcome = awaitOutcome(create.id());

        assertThat(outcome.status()).isEqualTo(CommandStatus.APPLIED);
        PostDocument stored = mongo.findById(outcome.resourceId(), PostDocument.class);
        assertThat(stored.authorId()).isEqualTo(author);
        assertThat(stored.createdAt()).isEqualTo(create.occurredAt().truncatedTo(ChronoUnit.MILLIS));
        assertThat(events.types(Duration.ofSeconds(1))).containsExactly(MessageType.POST_CREATED.id());
    }

    @Test
    void onlyTheAuthorMayDeleteAPost() {
        String author = id();
        String postId = "post-" + id();
        awaitOutcome(send(author, new CreatePost(postId, "alice", "mine")).id());

        CommandLog.Entry byOther =
                awaitOutcome(send(id(), new DeletePost(postId)).id());
        CommandLog.Entry byAuthor =
                awaitOutcome(send(author, new DeletePost(postId)).id());
        CommandLog.Entry again =
                awaitOutcome(send(author, new DeletePost(postId)).id());

        assertThat(byOther.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(byOther.reason()).isEqualTo(Rejections.NOT_AUTHOR);
        assertThat(byAuthor.status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(again.reason()).isEqualTo(Rejections.POST_NOT_FOUND);
        PostDocument stored = mongo.findById(postId, PostDocument.class);
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.text()).isNull();
        assertThat(events.types(Duration.ofSeconds(1)))
                .containsExactly(MessageType.POST_CREATED.id(), MessageType.POST_DELETED.id());
    }

    @Test
    void deletingAPostThatDoesNotExistIsRejected() {
        CommandLog.Entry outcome =
                awaitOutcome(send(id(), new DeletePost("post-" + id())).id());

        assertThat(outcome.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(outcome.reason()).isEqualTo(Rejections.POST_NOT_FOUND);
    }

    @Test
    void aPostCommandWithoutAnActorIsDeadLetteredNotApplied() {
        Envelope<?> create = send(null, new CreatePost("post-" + id(), "alice", "who wrote this?"));

        CommandLog.Entry outcome = awaitOutcome(create.id());

        assertThat(outcome.status()).isEqualTo(CommandStatus.FAILED);
        assertThat(outcome.reason()).isEqualTo("INVALID_PAYLOAD");
        Message deadLetter = await().atMost(Duration.ofSeconds(5))
                .until(() -> rabbit.receive(Topology.deadLetterQueue(Topology.POST_WORKER_COMMANDS)), m -> m != null);
        assertThat(deadLetter.getMessageProperties().getMessageId()).isEqualTo(create.id());
    }

    private Envelope<?> send(String actor, Object payload) {
        Envelope<?> command = Envelope.of(id(), Instant.now(), actor, payload);
        publisher.publishRouted(Topology.COMMANDS_EXCHANGE, command.type(), codec.encode(command, command.id()));
        return command;
    }

    private CommandLog.Entry awaitOutcome(String commandId) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> commandLog.find(commandId).orElse(null), record -> record != null);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
