package dev.flock.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import dev.flock.account.profile.AccountDocument;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.FlockHeaders;
import dev.flock.contracts.Topology;
import dev.flock.contracts.command.RegisterAccount;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandOutcome;
import dev.flock.platform.command.CommandStatus;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.platform.publish.EventPublisher;
import dev.flock.testsupport.EventTap;
import dev.flock.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The account worker through faults: MongoDB and the broker sit behind links the tests cut. A "crash" cuts the
 * broker link in the middle of handling a command and throws, as a dying process would: the message was not
 * acknowledged, so the broker delivers it again once the worker reconnects.
 */
@SpringBootTest(
        properties = "spring.config.name=" + AccountWorkerApplication.NAME,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
@Import(AccountWorkerFaultsIT.Crashes.class)
class AccountWorkerFaultsIT {

    static final TestInfrastructure infrastructure = TestInfrastructure.startWithFaultyLinks();

    /** Usernames whose command crashes the worker once, before its events are published. */
    static final String CRASH_BEFORE_EVENTS = "crash_before_events_";

    /** Usernames whose command crashes the worker once, after its events were published. */
    static final String CRASH_AFTER_EVENTS = "crash_after_events_";

    /** Usernames whose command crashes the worker at every delivery. */
    static final String CRASH_ALWAYS = "crash_always_";

    static final Set<String> crashed = ConcurrentHashMap.newKeySet();

    static final ScheduledExecutorService RESTARTS = Executors.newSingleThreadScheduledExecutor();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Map<String, String> properties = infrastructure.properties();
        // Four attempts over a few seconds: long enough to ride out a short outage, short enough for a test.
        properties.put("flock.retry.delays", "500ms,1s,2s");
        properties.forEach((name, value) -> registry.add(name, () -> value));
    }

    @TestConfiguration
    static class Crashes {

        @Bean
        @Primary
        EventPublisher crashingEventPublisher(ConfirmedPublisher publisher, MessageCodec codec, Clock clock) {
            return new EventPublisher(publisher, codec, clock) {
                @Override
                public void publish(Envelope<?> command, List<?> payloads) {
                    crash(command, CRASH_BEFORE_EVENTS);
                    crash(command, CRASH_ALWAYS);
                    super.publish(command, payloads);
                }
            };
        }

        @Bean
        @Primary
        CommandLog crashingCommandLog(MongoOperations mongo, Clock clock) {
            return new CommandLog(mongo, clock) {
                @Override
                public void recordOutcome(Envelope<?> command, CommandOutcome outcome) {
                    crash(command, CRASH_AFTER_EVENTS);
                    super.recordOutcome(command, outcome);
                }
            };
        }

        /**
         * Crashes like a dying process: the broker becomes unreachable, then the delivery fails, so nothing of it
         * escapes (a real crash runs no failure handling at all). {@code CRASH_ALWAYS} commands crash at every
         * delivery and the "process" is back 300 ms later; the others crash once, and the test restores the link.
         */
        private static void crash(Envelope<?> command, String marker) {
            if (!(command.payload() instanceof RegisterAccount registration)
                    || !registration.username().startsWith(marker)) {
                return;
            }
            boolean always = marker.equals(CRASH_ALWAYS);
            if (crashed.add(command.id()) || always) {
                infrastructure.brokerLink().cut();
                if (always) {
                    RESTARTS.schedule(() -> infrastructure.brokerLink().restore(), 300, TimeUnit.MILLISECONDS);
                }
                throw new IllegalStateException("simulated crash of the worker");
            }
        }
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

    @Autowired
    MeterRegistry meters;

    private EventTap events;

    @BeforeEach
    void listenToEvents() {
        admin.purgeQueue(Topology.deadLetterQueue(Topology.ACCOUNT_WORKER_COMMANDS), false);
        events = EventTap.listen(admin, rabbit, "account.#");
    }

    @AfterEach
    void heal() {
        infrastructure.restoreLinks();
        events.close();
    }

    @Test
    void aCommandThatMeetsADatabaseOutageIsRetriedAndAppliedOnceTheDatabaseIsBack() {
        double retriedBefore = retried();
        infrastructure.mongoLink().cut();

        Envelope<?> command = register("outage_" + suffix());
        await().atMost(Duration.ofSeconds(20)).until(() -> retried() > retriedBefore);
        infrastructure.mongoLink().restore();

        assertThat(awaitOutcome(command.id()).status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(accountsNamed(username(command))).isEqualTo(1);
    }

    @Test
    void aCommandStillFailingAfterItsLastAttemptIsDeadLetteredWithWhyAndHowOften() {
        infrastructure.mongoLink().cut();

        Envelope<?> command = register("doomed_" + suffix());

        Message deadLetter = awaitDeadLetter(command.id());
        var headers = deadLetter.getMessageProperties().getHeaders();
        assertThat(deadLetter.getMessageProperties().getMessageId()).isEqualTo(command.id());
        assertThat(headers.get(FlockHeaders.REASON)).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(headers.get(FlockHeaders.ATTEMPTS)).isEqualTo(4);
        assertThat((String) headers.get(FlockHeaders.EXCEPTION)).contains("DataAccessResourceFailureException");
        assertThat(headers.get(FlockHeaders.ORIGINAL_EXCHANGE)).isEqualTo(Topology.COMMANDS_EXCHANGE);
        assertThat(headers.get(FlockHeaders.ORIGINAL_ROUTING_KEY)).isEqualTo("account.register");
        assertThat(Instant.parse((String) headers.get(FlockHeaders.FIRST_FAILURE_AT)))
                .isBefore(Instant.parse((String) headers.get(FlockHeaders.DEAD_LETTERED_AT)));
    }

    /**
     * A crash after the account was written but before its event went out, or after the event went out but before
     * the outcome was recorded: either way the redelivery finishes the job, with one account and one event (which
     * may have been published twice, with the same id, which consumers apply once).
     */
    @ParameterizedTest(name = "crash point: {0}")
    @ValueSource(strings = {CRASH_BEFORE_EVENTS, CRASH_AFTER_EVENTS})
    void aCommandRedeliveredAfterACrashHasASingleEffect(String crashPoint) {
        Envelope<?> command = register(crashPoint + suffix());
        await().atMost(Duration.ofSeconds(10)).until(() -> crashed.contains(command.id()));
        infrastructure.brokerLink().restore();

        assertThat(awaitOutcome(command.id()).status()).isEqualTo(CommandStatus.APPLIED);
        assertThat(accountsNamed(username(command))).isEqualTo(1);
        assertThat(distinctEventIds()).hasSize(1);
    }

    @Test
    void aCommandThatCrashesItsConsumerEveryTimeEndsInTheDeadLetterQueueNotInALoop() throws Exception {
        Envelope<?> command = register(CRASH_ALWAYS + suffix());

        Message deadLetter = awaitDeadLetter(command.id());

        assertThat(deadLetter.getMessageProperties().getHeaders().get("x-first-death-reason"))
                .isEqualTo("delivery_limit");
    }

    private Envelope<?> register(String username) {
        Envelope<?> command = Envelope.of(
                UUID.randomUUID().toString(),
                Instant.now(),
                null,
                new RegisterAccount(UUID.randomUUID().toString(), username, "$2a$hash", username));
        publisher.publishRouted(Topology.COMMANDS_EXCHANGE, command.type(), codec.encode(command, command.id()));
        return command;
    }

    /** The dead letter of this command: others that may be in the queue are set aside. */
    private Message awaitDeadLetter(String commandId) {
        return await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(
                        () -> rabbit.receive(Topology.deadLetterQueue(Topology.ACCOUNT_WORKER_COMMANDS), 100),
                        message -> message != null
                                && commandId.equals(
                                        message.getMessageProperties().getMessageId()));
    }

    private CommandLog.Entry awaitOutcome(String commandId) {
        return await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> commandLog.find(commandId).orElse(null), record -> record != null);
    }

    private long accountsNamed(String username) {
        return mongo.count(query(where("username").is(username)), AccountDocument.class);
    }

    private List<String> distinctEventIds() {
        return events.drain(Duration.ofSeconds(1)).stream()
                .map(event -> event.getMessageProperties().getMessageId())
                .distinct()
                .toList();
    }

    private double retried() {
        var counter = meters.find("flock.messages.failed")
                .tags("queue", Topology.ACCOUNT_WORKER_COMMANDS, "disposition", "retried")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String username(Envelope<?> command) {
        return ((RegisterAccount) command.payload()).username();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
