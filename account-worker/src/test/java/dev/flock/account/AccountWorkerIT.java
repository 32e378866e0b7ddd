package dev.flock.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.account.follow.FollowDocument;
import dev.flock.account.profile.AccountDocument;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.FlockHeaders;
import dev.flock.contracts.MessageType;
import dev.flock.contracts.Rejections;
import dev.flock.contracts.Topology;
import dev.flock.contracts.command.FollowAccount;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.contracts.command.UnfollowAccount;
import dev.flock.contracts.command.UpdateProfile;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandStatus;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.testsupport.EventTap;
import dev.flock.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        properties = "spring.config.name=" + AccountWorkerApplication.NAME,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AccountWorkerIT {

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
        events = EventTap.listen(admin, rabbit, "account.#");
    }

    @Test
    void registrationStoresTheAccountAndPublishesAccountRegistered() {
        String accountId = id();
        Envelope<?> command = send(null, new RegisterAccount(accountId, "alice_" + suffix(), "$2a$hash", "Alice"));

        assertThat(awaitStatus(command.id()).status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(mongo.findById(accountId, AccountDocument.class).displayName())
                .isEqualTo("Alice");
        List<Message> published = events.drain(Duration.ofSeconds(1));
        assertThat(published).hasSize(1);
        Message event = published.get(0);
        assertThat(event.getMessageProperties().getType()).isEqualTo(MessageType.ACCOUNT_REGISTERED.id());
        assertThat(event.getMessageProperties().getCorrelationId()).isEqualTo(command.id());
        assertThat(awaitStatus(command.id()).resourceId()).isEqualTo(accountId);
    }

    @Test
    void usernameTakenIgnoringCaseIsRejected() {
        String name = "bob_" + suffix();
        Envelope<?> first = send(null, new RegisterAccount(id(), name, "$2a$hash", "Bob"));
        awaitStatus(first.id());

        Envelope<?> second = send(null, new RegisterAccount(id(), name.toUpperCase(), "$2a$hash", "Bob"));

        CommandLog.Entry outcome = awaitStatus(second.id());
        assertThat(outcome.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(outcome.reason()).isEqualTo(Rejections.USERNAME_TAKEN);
    }

    @Test
    void redeliveredRegistrationHasASingleEffect() {
        String accountId = id();
        Envelope<?> command = Envelope.of(
                UUID.randomUUID().toString(),
                Instant.now(),
                null,
                new RegisterAccount(accountId, "carol_" + suffix(), "$2a$hash", "Carol"));
        publish(command);
        publish(command);

        assertThat(awaitStatus(command.id()).status()).isEqualTo(CommandStatus.APPLIED);
        List<Message> published = events.drain(Duration.ofSeconds(2));
        assertThat(published).hasSize(1);
        assertThat(mongo.count(
                        org.springframework.data.mongodb.core.query.Query.query(
                                org.springframework.data.mongodb.core.query.Criteria.where("_id")
                                        .is(accountId)),
                        AccountDocument.class))
                .isEqualTo(1);
    }

    @Test
    void followingAnUnknownAccountIsRejected() {
        String follower = register("dave");

        Envelope<?> follow = send(follower, new FollowAccount("no-such-account"));

        CommandLog.Entry outcome = awaitStatus(follow.id());
        assertThat(outcome.status()).isEqualTo(CommandStatus.REJECTED);
        assertThat(outcome.reason()).isEqualTo(Rejections.ACCOUNT_NOT_FOUND);
    }

    @Test
    void followingTwiceIsANoOpAndUnfollowingRemovesTheEdge() {
        String follower = register("erin");
        String followee = register("frank");
        events.drain(Duration.ofMillis(500));

        awaitStatus(send(follower, new FollowAccount(followee)).id());
        awaitStatus(send(follower, new FollowAccount(followee)).id());
        List<Message> afterFollows = events.drain(Duration.ofSeconds(1));
        assertThat(afterFollows)
                .extracting(m -> m.getMessageProperties().getType())
                .containsExactly(MessageType.ACCOUNT_FOLLOWED.id());
        assertThat(edge(follower, followee).active()).isTrue();

        awaitStatus(send(follower, new UnfollowAccount(followee)).id());
        awaitStatus(send(follower, new UnfollowAccount(followee)).id());
        assertThat(events.drain(Duration.ofSeconds(1)))
                .extracting(m -> m.getMessageProperties().getType())
                .containsExactly(MessageType.ACCOUNT_UNFOLLOWED.id());
        assertThat(edge(follower, followee).active()).isFalse();
    }

    @Test
    void anOlderFollowAppliedAfterANewerUnfollowDoesNotWin() {
        String follower = register("gina");
        String followee = register("hank");
        Instant now = Instant.now();
        Envelope<?> olderFollow =
                Envelope.of(UUID.randomUUID().toString(), now.minusSeconds(5), follower, new FollowAccount(followee));
        Envelope<?> newerUnfollow =
                Envelope.of(UUID.randomUUID().toString(), now, follower, new UnfollowAccount(followee));

        publish(newerUnfollow);
        awaitStatus(newerUnfollow.id());
        publish(olderFollow);

        assertThat(awaitStatus(olderFollow.id()).status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(edge(follower, followee).active()).isFalse();
    }

    @Test
    void profileEditsAppliedOutOfOrderKeepTheNewerValue() {
        String account = register("ivy");
        Instant now = Instant.now();
        Envelope<?> newer = Envelope.of(id(), now, account, new UpdateProfile("Ivy (new)", "new bio"));
        Envelope<?> older = Envelope.of(id(), now.minusSeconds(1), account, new UpdateProfile("Ivy (old)", null));

        publish(newer);
        awaitStatus(newer.id());
        publish(older);
        awaitStatus(older.id());

        AccountDocument stored = mongo.findById(account, AccountDocument.class);
        assertThat(stored.displayName()).isEqualTo("Ivy (new)");
        assertThat(stored.bio()).isEqualTo("new bio");
    }

    @Test
    void anUnparseableCommandIsDeadLetteredWithItsReasonAndDoesNotBlockTheQueue() {
        Message poison = MessageBuilder.withBody("{not json".getBytes())
                .setMessageId("poison-" + suffix())
                .setContentType("application/json")
                .build();
        publisher.publishRouted(Topology.COMMANDS_EXCHANGE, MessageType.ACCOUNT_REGISTER.id(), poison);
        String after = register("judy");

        assertThat(mongo.findById(after, AccountDocument.class)).isNotNull();
        Message deadLetter = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> rabbit.receive(Topology.deadLetterQueue(Topology.ACCOUNT_WORKER_COMMANDS)),
                        m -> m != null);
        assertThat(deadLetter.getMessageProperties().getMessageId())
                .isEqualTo(poison.getMessageProperties().getMessageId());
        assertThat((String) deadLetter.getMessageProperties().getHeader(FlockHeaders.REASON))
                .isEqualTo("UNPARSEABLE");
        assertThat((String) deadLetter.getMessageProperties().getHeader(FlockHeaders.ORIGINAL_ROUTING_KEY))
                .isEqualTo(MessageType.ACCOUNT_REGISTER.id());
    }

    @AfterEach
    void stopListening() {
        events.close();
    }

    private String register(String name) {
        String accountId = id();
        Envelope<?> command = send(null, new RegisterAccount(accountId, name + "_" + suffix(), "$2a$hash", name));
        assertThat(awaitStatus(command.id()).status()).isEqualTo(CommandStatus.APPLIED);
        return accountId;
    }

    private FollowDocument edge(String follower, String followee) {
        return mongo.findById(follower + ":" + followee, FollowDocument.class);
    }

    private Envelope<?> send(String actor, Object payload) {
        Envelope<?> command = Envelope.of(id(), Instant.now(), actor, payload);
        publish(command);
        return command;
    }

    private void publish(Envelope<?> command) {
        publisher.publishRouted(Topology.COMMANDS_EXCHANGE, command.type(), codec.encode(command, command.id()));
    }

    private CommandLog.Entry awaitStatus(String commandId) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> commandLog.find(commandId).orElse(null), record -> record != null);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
