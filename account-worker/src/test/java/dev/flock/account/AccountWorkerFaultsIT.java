package dev.flock.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.account.follow.Follows;
import dev.flock.account.profile.AccountDocument;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.command.FollowAccount;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.contracts.command.UnfollowAccount;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.platform.publish.EventPublisher;
import dev.flock.platform.publish.PublishFailedException;
import dev.flock.testsupport.EventTap;
import dev.flock.testsupport.FlockServiceTest;
import dev.flock.testsupport.TestCommands;
import dev.flock.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * The account worker through faults: MongoDB and the broker sit behind links the tests cut, and {@link Faults}
 * fails the handling of chosen commands at a chosen point. A "crash" cuts the broker link in the middle of handling a
 * command and throws, as a dying process would: the message was not acknowledged, so the broker delivers it again
 * once the worker reconnects.
 */
@FlockServiceTest(
        properties = {
            "spring.config.name=account-worker",
            // Four attempts over a few seconds: long enough to ride out a short outage, short enough for a test.
            "flock.retry.delays=500ms,1s,2s"
        },
        faultyLinks = true)
@Import(AccountWorkerFaultsIT.Faults.class)
class AccountWorkerFaultsIT {

    enum Point {
        /** After the handler wrote, before the events were published. */
        BEFORE_EVENTS,
        /** After the events were published, before the outcome was recorded. */
        AFTER_EVENTS
    }

    enum Mode {
        /** The process dies: the broker link goes, then the delivery fails. */
        CRASH,
        /** The broker does not confirm the event. */
        PUBLISH_FAILS
    }

    /**
     * @param meanwhile runs first, as if another replica did something while this one failed
     * @param always    fail at every delivery; the "process" is back 300 ms after each crash
     */
    record Fault(Point point, Mode mode, Runnable meanwhile, boolean always) {}

    static final Map<String, Fault> planned = new ConcurrentHashMap<>();
    static final Set<String> striking = ConcurrentHashMap.newKeySet();
    /** Commands whose fault is in effect (the link is cut, for a crash). */
    static final Set<String> struck = ConcurrentHashMap.newKeySet();

    static final ScheduledExecutorService RESTARTS = Executors.newSingleThreadScheduledExecutor();

    @TestConfiguration
    static class Faults {

        @Bean
        @Primary
        EventPublisher failingEventPublisher(
                ConfirmedPublisher publisher, MessageCodec codec, Clock clock, TestInfrastructure infrastructure) {
            return new EventPublisher(publisher, codec, clock) {
                @Override
                public void publishAll(List<Caused> caused) {
                    caused.forEach(each -> strike(each.command(), Point.BEFORE_EVENTS, infrastructure));
                    super.publishAll(caused);
                }
            };
        }

        @Bean
        @Primary
        CommandLog failingCommandLog(MongoOperations mongo, Clock clock, TestInfrastructure infrastructure) {
            return new CommandLog(mongo, clock) {
                @Override
                public void recordOutcomes(List<Decided> decided) {
                    decided.forEach(each -> strike(each.command(), Point.AFTER_EVENTS, infrastructure));
                    super.recordOutcomes(decided);
                }
            };
        }

        private static void strike(Envelope<?> command, Point point, TestInfrastructure infrastructure) {
            Fault fault = planned.get(command.id());
            if (fault == null || fault.point() != point || !(striking.add(command.id()) || fault.always())) {
                return;
            }
            fault.meanwhile().run();
            if (fault.mode() == Mode.PUBLISH_FAILS) {
                struck.add(command.id());
                throw new PublishFailedException("simulated: the broker did not confirm the event");
            }
            // A real crash runs no failure handling at all: nothing of the delivery may escape.
            infrastructure.brokerLink().cut();
            if (fault.always()) {
                RESTARTS.schedule(() -> infrastructure.brokerLink().restore(), 300, TimeUnit.MILLISECONDS);
            }
            struck.add(command.id());
            throw new IllegalStateException("simulated crash of the worker");
        }
    }

    @Autowired
    TestCommands commands;

    @Autowired
    TestInfrastructure infrastructure;

    @Autowired
    MongoOperations mongo;

    @Autowired
    Follows follows;

    @Autowired
    RabbitAdmin admin;

    @Autowired
    MeterRegistry meters;

    private EventTap events;

    @BeforeEach
    void listenToEvents() {
        admin.purgeQueue("account-worker.commands.dlq", false);
        events = commands.listenToEvents("account.#");
    }

    @AfterEach
    void heal() {
        infrastructure.restoreLinks();
    }

    @Test
    void aCommandThatMeetsADatabaseOutageIsRetriedAndAppliedOnceTheDatabaseIsBack() {
        double retriedBefore = retried();
        infrastructure.mongoLink().cut();

        String username = "outage_" + suffix();
        Envelope<?> command = register(username);
        await().atMost(Duration.ofSeconds(20)).until(() -> retried() > retriedBefore);
        infrastructure.mongoLink().restore();

        assertThat(commands.awaitOutcome(command.id()).status()).isEqualTo("APPLIED");
        assertThat(accountsNamed(username)).isEqualTo(1);
    }

    @Test
    void aCommandStillFailingAfterItsLastAttemptIsDeadLetteredWithWhyAndHowOften() {
        infrastructure.mongoLink().cut();

        Envelope<?> command = register("doomed_" + suffix());

        Message deadLetter = commands.awaitDeadLetter("account-worker.commands.dlq", command.id());
        var headers = deadLetter.getMessageProperties().getHeaders();
        assertThat(headers.get("x-flock-reason")).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(headers.get("x-flock-attempts")).isEqualTo(4);
        assertThat((String) headers.get("x-flock-exception")).contains("DataAccessResourceFailureException");
        assertThat(headers.get("x-flock-original-exchange")).isEqualTo("flock.commands");
        assertThat(headers.get("x-flock-original-routing-key")).isEqualTo("account.register");
        assertThat(Instant.parse((String) headers.get("x-flock-first-failure-at")))
                .isBefore(Instant.parse((String) headers.get("x-flock-dead-lettered-at")));
    }

    /**
     * A crash after the account was written but before its event went out, or after the event went out but before
     * the outcome was recorded: either way the redelivery finishes the job, with one account and one event (which
     * may have been published twice, with the same id, which consumers apply once).
     */
    @ParameterizedTest(name = "crash point: {0}")
    @EnumSource(Point.class)
    void aCommandRedeliveredAfterACrashHasASingleEffect(Point point) {
        String username = "crash_" + suffix();
        Envelope<?> command = registration(username);
        planned.put(command.id(), new Fault(point, Mode.CRASH, () -> {}, false));
        commands.publish(command);
        await().atMost(Duration.ofSeconds(10)).until(() -> struck.contains(command.id()));
        infrastructure.brokerLink().restore();

        assertThat(commands.awaitOutcome(command.id()).status()).isEqualTo("APPLIED");
        assertThat(accountsNamed(username)).isEqualTo(1);
        assertThat(events.received().stream()
                        .filter(event ->
                                command.id().equals(event.getMessageProperties().getCorrelationId()))
                        .map(event -> event.getMessageProperties().getMessageId())
                        .distinct())
                .hasSize(1);
    }

    /**
     * Unfollow A changed the pair's state, and its event did not go out (the broker did not confirm it, or the worker
     * died). Before A is handled again, a newer unfollow C of the same pair is applied elsewhere: C changes nothing,
     * so it publishes nothing. A must still publish its event, or the projector keeps the edge for ever.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void aStateChangeWhoseEventDidNotGoOutPublishesItEvenAfterANewerCommandOfThePair(Mode mode) {
        String follower = register("una_" + suffix(), "Una");
        String followee = register("vic_" + suffix(), "Vic");
        commands.awaitOutcome(
                commands.send(follower, new FollowAccount(followee)).id());
        Instant now = Instant.now();
        Envelope<UnfollowAccount> first = Envelope.of(id(), now, follower, new UnfollowAccount(followee));
        Envelope<UnfollowAccount> newer = Envelope.of(id(), now.plusMillis(1), follower, new UnfollowAccount(followee));
        planned.put(first.id(), new Fault(Point.BEFORE_EVENTS, mode, () -> follows.unfollow(newer), false));
        events.received();

        commands.publish(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> struck.contains(first.id()));
        infrastructure.brokerLink().restore();

        assertThat(commands.awaitOutcome(first.id()).status()).isEqualTo("APPLIED");
        assertThat(events.received())
                .filteredOn(
                        event -> first.id().equals(event.getMessageProperties().getCorrelationId()))
                .extracting(event -> event.getMessageProperties().getType())
                .contains("account.unfollowed");
    }

    @Test
    void aCommandThatCrashesItsConsumerEveryTimeEndsInTheDeadLetterQueueNotInALoop() {
        Envelope<?> command = registration("crash_always_" + suffix());
        planned.put(command.id(), new Fault(Point.BEFORE_EVENTS, Mode.CRASH, () -> {}, true));
        commands.publish(command);

        Message deadLetter = commands.awaitDeadLetter("account-worker.commands.dlq", command.id());

        assertThat((String) deadLetter.getMessageProperties().getHeader("x-flock-reason"))
                .isEqualTo("CRASHED_CONSUMER");
    }

    private String register(String username, String displayName) {
        String accountId = id();
        Envelope<?> command = commands.send(null, new RegisterAccount(accountId, username, "$2a$hash", displayName));
        assertThat(commands.awaitOutcome(command.id()).status()).isEqualTo("APPLIED");
        return accountId;
    }

    private Envelope<?> register(String username) {
        Envelope<?> command = registration(username);
        commands.publish(command);
        return command;
    }

    private static Envelope<?> registration(String username) {
        return Envelope.of(id(), Instant.now(), null, new RegisterAccount(id(), username, "$2a$hash", username));
    }

    private long accountsNamed(String username) {
        return mongo.count(query(where("username").is(username)), AccountDocument.class);
    }

    private double retried() {
        return meters
                .find("flock.messages.failed")
                .tags("queue", "account-worker.commands", "disposition", "retried")
                .counters()
                .stream()
                .mapToDouble(counter -> counter.count())
                .sum();
    }

    private static String id() {
        return TestCommands.uniqueId();
    }

    private static String suffix() {
        return TestCommands.suffix();
    }
}
