package dev.flock.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.account.follow.FollowDocument;
import dev.flock.account.profile.AccountDocument;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.command.FollowAccount;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.contracts.command.UnfollowAccount;
import dev.flock.contracts.command.UpdateProfile;
import dev.flock.testsupport.EventTap;
import dev.flock.testsupport.FlockServiceTest;
import dev.flock.testsupport.TestCommands;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoOperations;

@FlockServiceTest(properties = "spring.config.name=account-worker")
class AccountWorkerIT {

    @Autowired
    TestCommands commands;

    @Autowired
    MongoOperations mongo;

    private EventTap events;

    @BeforeEach
    void listenToEvents() {
        events = commands.listenToEvents("account.#");
    }

    @Test
    void registrationStoresTheAccountAndPublishesAccountRegistered() {
        String accountId = TestCommands.uniqueId();
        Envelope<?> command =
                commands.send(null, new RegisterAccount(accountId, "alice_" + suffix(), "$2a$hash", "Alice"));

        TestCommands.Outcome outcome = commands.awaitOutcome(command.id());
        assertThat(outcome.status()).isEqualTo("APPLIED");
        assertThat(outcome.resourceId()).isEqualTo(accountId);
        assertThat(mongo.findById(accountId, AccountDocument.class).displayName())
                .isEqualTo("Alice");
        List<Message> published = events.received();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).getMessageProperties().getType()).isEqualTo("account.registered");
        assertThat(published.get(0).getMessageProperties().getCorrelationId()).isEqualTo(command.id());
    }

    @Test
    void usernameTakenIgnoringCaseIsRejected() {
        String name = "bob_" + suffix();
        commands.awaitOutcome(commands.send(null, new RegisterAccount(id(), name, "$2a$hash", "Bob"))
                .id());

        Envelope<?> second = commands.send(null, new RegisterAccount(id(), name.toUpperCase(), "$2a$hash", "Bob"));

        assertThat(commands.awaitOutcome(second.id()))
                .isEqualTo(new TestCommands.Outcome("REJECTED", "USERNAME_TAKEN", null));
    }

    @Test
    void aRegistrationDeliveredTwiceCreatesOneAccountAndOneEvent() {
        String username = "carol_" + suffix();
        Envelope<?> command =
                Envelope.of(id(), Instant.now(), null, new RegisterAccount(id(), username, "$2a$hash", "Carol"));
        commands.publish(command);
        commands.publish(command);
        Envelope<?> later = commands.send(null, new RegisterAccount(id(), "later_" + suffix(), "$2a$hash", "L"));

        // One consumer takes the queue in order: once the later command is finished, both copies were handled.
        commands.awaitOutcome(later.id());
        assertThat(commands.outcome(command.id()).status()).isEqualTo("APPLIED");
        assertThat(accountsNamed(username)).isEqualTo(1);
        assertThat(events.received())
                .extracting(event -> event.getMessageProperties().getCorrelationId())
                .containsOnlyOnce(command.id());
    }

    @Test
    void followingAnUnknownAccountIsRejected() {
        String follower = register("dave");

        Envelope<?> follow = commands.send(follower, new FollowAccount("no-such-account"));

        assertThat(commands.awaitOutcome(follow.id()))
                .isEqualTo(new TestCommands.Outcome("REJECTED", "ACCOUNT_NOT_FOUND", null));
    }

    @Test
    void followingTwiceIsANoOpAndUnfollowingRemovesTheEdge() {
        String follower = register("erin");
        String followee = register("frank");
        events.received();

        commands.awaitOutcome(
                commands.send(follower, new FollowAccount(followee)).id());
        commands.awaitOutcome(
                commands.send(follower, new FollowAccount(followee)).id());
        assertThat(events.types()).containsExactly("account.followed");
        assertThat(edge(follower, followee).active()).isTrue();

        commands.awaitOutcome(
                commands.send(follower, new UnfollowAccount(followee)).id());
        commands.awaitOutcome(
                commands.send(follower, new UnfollowAccount(followee)).id());
        assertThat(events.types()).containsExactly("account.unfollowed");
        assertThat(edge(follower, followee).active()).isFalse();
    }

    @Test
    void anOlderFollowAppliedAfterANewerUnfollowDoesNotWin() {
        String follower = register("gina");
        String followee = register("hank");
        Instant now = Instant.now();
        Envelope<?> olderFollow = Envelope.of(id(), now.minusSeconds(5), follower, new FollowAccount(followee));
        Envelope<?> newerUnfollow = Envelope.of(id(), now, follower, new UnfollowAccount(followee));

        commands.publish(newerUnfollow);
        commands.awaitOutcome(newerUnfollow.id());
        commands.publish(olderFollow);

        assertThat(commands.awaitOutcome(olderFollow.id()).status()).isEqualTo("APPLIED");
        assertThat(edge(follower, followee).active()).isFalse();
    }

    @Test
    void profileEditsAppliedOutOfOrderKeepTheNewerValue() {
        String account = register("ivy");
        Instant now = Instant.now();
        Envelope<?> newer = Envelope.of(id(), now, account, new UpdateProfile("Ivy (new)", "new bio"));
        Envelope<?> older = Envelope.of(id(), now.minusSeconds(1), account, new UpdateProfile("Ivy (old)", null));

        commands.publish(newer);
        commands.awaitOutcome(newer.id());
        commands.publish(older);
        commands.awaitOutcome(older.id());

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
        commands.publish("account.register", poison);
        String after = register("judy");

        assertThat(mongo.findById(after, AccountDocument.class)).isNotNull();
        Message deadLetter = commands.awaitDeadLetter(
                "account-worker.commands.dlq", poison.getMessageProperties().getMessageId());
        assertThat((String) deadLetter.getMessageProperties().getHeader("x-flock-reason"))
                .isEqualTo("UNPARSEABLE");
        assertThat((String) deadLetter.getMessageProperties().getHeader("x-flock-original-routing-key"))
                .isEqualTo("account.register");
    }

    private String register(String name) {
        String accountId = id();
        Envelope<?> command =
                commands.send(null, new RegisterAccount(accountId, name + "_" + suffix(), "$2a$hash", name));
        assertThat(commands.awaitOutcome(command.id()).status()).isEqualTo("APPLIED");
        return accountId;
    }

    private long accountsNamed(String username) {
        return mongo.count(query(where("usernameKey").is(username.toLowerCase(Locale.ROOT))), AccountDocument.class);
    }

    private FollowDocument edge(String follower, String followee) {
        return mongo.findById(follower + ":" + followee, FollowDocument.class);
    }

    private static String id() {
        return TestCommands.uniqueId();
    }

    private static String suffix() {
        return TestCommands.suffix();
    }
}
