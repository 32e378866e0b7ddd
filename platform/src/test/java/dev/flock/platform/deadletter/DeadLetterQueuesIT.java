package dev.flock.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.contracts.FlockHeaders;
import dev.flock.contracts.Topology;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Inspect, replay and park on the real broker, with dead letters made as the failure policy makes them. */
@SpringBootTest(
        classes = DeadLetterTestApplication.class,
        properties = "spring.data.mongodb.database=dead-letter-tests",
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DeadLetterQueuesIT {

    static final String DLQ = Topology.deadLetterQueue(Topology.ACCOUNT_WORKER_COMMANDS);
    static final String WORK = Topology.ACCOUNT_WORKER_COMMANDS;
    static final TestInfrastructure infrastructure = TestInfrastructure.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
    }

    @Autowired
    DeadLetterQueues deadLetters;

    @Autowired
    ConfirmedPublisher publisher;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    RabbitAdmin admin;

    @Autowired
    ConnectionFactory connectionFactory;

    @BeforeEach
    void emptyQueues() {
        for (String queue : List.of(DLQ, WORK, Topology.parkingLot(DLQ))) {
            admin.purgeQueue(queue, false);
        }
    }

    @Test
    void peekingShowsTheOldestWithWhyTheyFailedAndChangesNothing() {
        List<String> ids = deadLetter(3, "account.register", "RETRIES_EXHAUSTED");

        List<DeadLetter> first = deadLetters.peek("test", DLQ, 2);
        List<DeadLetter> again = deadLetters.peek("test", DLQ, 10);

        assertThat(first).extracting(DeadLetter::messageId).containsExactlyElementsOf(ids.subList(0, 2));
        DeadLetter letter = first.get(0);
        assertThat(letter.type()).isEqualTo("account.register");
        assertThat(letter.routingKey()).isEqualTo("account.register");
        assertThat(letter.reason()).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(letter.attempts()).isEqualTo(6);
        assertThat(letter.exception()).isEqualTo("com.mongodb.MongoTimeoutException: timed out");
        assertThat(letter.deadLetteredAt()).isNotNull();
        assertThat(letter.payload().get("id").asText()).isEqualTo(ids.get(0));
        assertThat(again).extracting(DeadLetter::messageId).containsExactlyElementsOf(ids);
        assertThat(drain(DLQ)).extracting(this::id).containsExactlyElementsOf(ids);
    }

    @Test
    void replaySendsEachMessageBackWhereItCameFromAndThenRemovesIt() {
        List<String> ids = deadLetter(3, "account.register", "RETRIES_EXHAUSTED");

        ReplayReport report = deadLetters.replay("test", DLQ, new ReplayRequest(null, null, null, false, false, false));

        assertThat(report).isEqualTo(new ReplayReport(3, 3, 0, 0, false, null, null));
        List<Message> replayed = drain(WORK);
        assertThat(replayed).extracting(this::id).containsExactlyElementsOf(ids);
        Message one = replayed.get(0);
        assertThat(one.getMessageProperties().getReceivedRoutingKey()).isEqualTo("account.register");
        assertThat(one.getMessageProperties().getHeaders())
                .containsEntry(FlockHeaders.REPLAYS, 1)
                .doesNotContainKeys(FlockHeaders.ATTEMPTS, FlockHeaders.REASON);
    }

    @Test
    void onlyMatchesAreReplayedAndTheRestKeepTheirOrder() {
        List<String> registers = deadLetter(2, "account.register", "RETRIES_EXHAUSTED");
        List<String> follows = deadLetter(2, "account.follow", "INVALID_PAYLOAD");
        List<String> more = deadLetter(1, "account.register", "UNSUPPORTED_VERSION");

        ReplayReport byType = replay(new DeadLetterFilter("account.follow", null, null, null, null));
        ReplayReport byReason = replay(new DeadLetterFilter(null, "version", null, null, null));
        ReplayReport byId = replay(new DeadLetterFilter(null, null, Set.of(registers.get(1)), null, null));

        assertThat(byType.replayed()).isEqualTo(2);
        assertThat(byReason.replayed()).isEqualTo(1);
        assertThat(byId.replayed()).isEqualTo(1);
        assertThat(drain(WORK))
                .extracting(this::id)
                .containsExactly(follows.get(0), follows.get(1), more.get(0), registers.get(1));
        assertThat(drain(DLQ)).extracting(this::id).containsExactly(registers.get(0));
    }

    @Test
    void aTimeWindowSelectsByWhenMessagesWereDeadLettered() {
        deadLetter(1, "account.register", "RETRIES_EXHAUSTED");
        Instant between = Instant.now();
        await().until(() -> Instant.now().isAfter(between));
        List<String> later = deadLetter(1, "account.register", "RETRIES_EXHAUSTED");

        ReplayReport report = replay(new DeadLetterFilter(null, null, null, null, between));

        assertThat(report.replayed()).isEqualTo(1);
        assertThat(drain(WORK)).extracting(this::id).containsExactlyElementsOf(later);
    }

    @Test
    void aDryRunReportsWhatWouldMoveAndMovesNothing() {
        List<String> ids = deadLetter(3, "account.register", "RETRIES_EXHAUSTED");

        ReplayReport report = deadLetters.replay("test", DLQ, new ReplayRequest(null, 2, null, true, false, false));

        assertThat(report).isEqualTo(new ReplayReport(3, 2, 0, 3, true, null, null));
        assertThat(drain(WORK)).isEmpty();
        assertThat(drain(DLQ)).extracting(this::id).containsExactlyElementsOf(ids);
    }

    @Test
    void aLimitReplaysOnlyThatManyFromTheHead() {
        List<String> ids = deadLetter(4, "account.register", "RETRIES_EXHAUSTED");

        ReplayReport report = deadLetters.replay("test", DLQ, new ReplayRequest(null, 2, null, false, false, false));

        assertThat(report.replayed()).isEqualTo(2);
        assertThat(report.left()).isEqualTo(2);
        assertThat(drain(WORK)).extracting(this::id).containsExactlyElementsOf(ids.subList(0, 2));
        assertThat(drain(DLQ)).extracting(this::id).containsExactlyElementsOf(ids.subList(2, 4));
    }

    @Test
    void aRateSpacesTheReplays() {
        deadLetter(6, "account.register", "RETRIES_EXHAUSTED");

        long start = System.nanoTime();
        ReplayReport report = deadLetters.replay("test", DLQ, new ReplayRequest(null, null, 10.0, false, false, false));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(report.replayed()).isEqualTo(6);
        // Six at ten per second: the first at once, then one every 100 ms.
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void aSuccessfulCanaryLetsTheRestFollow() {
        List<String> ids = deadLetter(3, "account.register", "RETRIES_EXHAUSTED");
        DeadLetterTestApplication.statuses.put(ids.get(0), "APPLIED");

        ReplayReport report = deadLetters.replay("test", DLQ, new ReplayRequest(null, null, null, false, true, false));

        assertThat(report.canary()).isEqualTo(new ReplayReport.Canary(ids.get(0), "APPLIED"));
        assertThat(report.aborted()).isNull();
        assertThat(report.replayed()).isEqualTo(3);
        assertThat(report.left()).isZero();
    }

    @Test
    void aCanaryThatDoesNotApplyStopsTheReplayAndSaysWhy() {
        List<String> ids = deadLetter(3, "account.register", "RETRIES_EXHAUSTED");
        DeadLetterTestApplication.statuses.put(ids.get(0), "FAILED");

        ReplayReport report = deadLetters.replay("test", DLQ, new ReplayRequest(null, null, null, false, true, false));

        assertThat(report.canary()).isEqualTo(new ReplayReport.Canary(ids.get(0), "FAILED"));
        assertThat(report.aborted()).contains("FAILED");
        assertThat(report.replayed()).isEqualTo(1);
        assertThat(report.left()).isEqualTo(2);
        assertThat(drain(DLQ)).extracting(this::id).containsExactlyElementsOf(ids.subList(1, 3));
    }

    @Test
    void aMessageThatFailsAgainDuringTheRunIsNotReplayedTwiceInIt() {
        List<String> ids = deadLetter(5, "account.register", "RETRIES_EXHAUSTED");
        // A consumer that dead-letters everything again at once, as a still-broken worker would.
        SimpleMessageListenerContainer stillBroken = new SimpleMessageListenerContainer(connectionFactory);
        stillBroken.setQueueNames(WORK);
        stillBroken.setMessageListener(
                message -> publisher.publishRouted(Topology.DEAD_LETTER_EXCHANGE, WORK, message));
        stillBroken.start();
        try {
            ReplayReport report =
                    deadLetters.replay("test", DLQ, new ReplayRequest(null, null, 20.0, false, false, false));

            assertThat(report.replayed()).isEqualTo(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.depth(DLQ) == 5);
        } finally {
            stillBroken.stop();
        }
        List<DeadLetter> back = deadLetters.peek("test", DLQ, 10);
        assertThat(back).extracting(DeadLetter::messageId).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(back).extracting(DeadLetter::replays).containsOnly(1);
    }

    @Test
    void parkingMovesMatchesAsideWithTheirHistoryAndKeepsTheRest() {
        List<String> keep = deadLetter(1, "account.register", "RETRIES_EXHAUSTED");
        List<String> park = deadLetter(2, "account.follow", "INVALID_PAYLOAD");

        ReplayReport report =
                deadLetters.park("test", DLQ, new DeadLetterFilter(null, "invalid", null, null, null), false);

        assertThat(report.replayed()).isEqualTo(2);
        List<Message> parked = drain(Topology.parkingLot(DLQ));
        assertThat(parked).extracting(this::id).containsExactlyElementsOf(park);
        assertThat((String) parked.get(0).getMessageProperties().getHeader(FlockHeaders.REASON))
                .isEqualTo("INVALID_PAYLOAD");
        assertThat(drain(DLQ)).extracting(this::id).containsExactlyElementsOf(keep);
    }

    @Test
    void aMessageReplayedTooOftenNeedsForce() {
        List<String> tired = deadLetter(1, "account.register", "RETRIES_EXHAUSTED", 3);
        List<String> fresh = deadLetter(1, "account.register", "RETRIES_EXHAUSTED", 0);

        ReplayReport withoutForce = replay(DeadLetterFilter.ALL);
        ReplayReport withForce =
                deadLetters.replay("test", DLQ, new ReplayRequest(null, null, null, false, false, true));

        assertThat(withoutForce.replayed()).isEqualTo(1);
        assertThat(withoutForce.skipped()).isEqualTo(1);
        assertThat(withForce.replayed()).isEqualTo(1);
        assertThat(drain(WORK)).extracting(this::id).containsExactly(fresh.get(0), tired.get(0));
    }

    private ReplayReport replay(DeadLetterFilter filter) {
        return deadLetters.replay("test", DLQ, new ReplayRequest(filter, null, null, false, false, false));
    }

    private List<String> deadLetter(int count, String type, String reason) {
        return deadLetter(count, type, reason, 0);
    }

    /** Dead letters as the failure policy writes them, into the account worker's dead-letter queue. */
    private List<String> deadLetter(int count, String type, String reason, int replays) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            Message message = MessageBuilder.withBody(("{\"id\":\"" + id + "\",\"type\":\"" + type
                                    + "\",\"version\":1,\"occurredAt\":\"2026-11-28T08:00:00Z\",\"actor\":null,\"payload\":{}}")
                            .getBytes())
                    .setMessageId(id)
                    .setType(type)
                    .setContentType("application/json")
                    .setHeader(FlockHeaders.REASON, reason)
                    .setHeader(FlockHeaders.ATTEMPTS, 6)
                    .setHeader(FlockHeaders.EXCEPTION, "com.mongodb.MongoTimeoutException")
                    .setHeader(FlockHeaders.EXCEPTION_MESSAGE, "timed out")
                    .setHeader(FlockHeaders.DEAD_LETTERED_AT, Instant.now().toString())
                    .setHeader(FlockHeaders.ORIGINAL_EXCHANGE, Topology.COMMANDS_EXCHANGE)
                    .setHeader(FlockHeaders.ORIGINAL_ROUTING_KEY, type)
                    .setHeader(FlockHeaders.REPLAYS, replays)
                    .build();
            publisher.publishRouted(Topology.DEAD_LETTER_EXCHANGE, WORK, message);
            ids.add(id);
        }
        return ids;
    }

    private List<Message> drain(String queue) {
        List<Message> messages = new ArrayList<>();
        Message message;
        while ((message = rabbit.receive(queue, 200)) != null) {
            messages.add(message);
        }
        return messages;
    }

    private String id(Message message) {
        return message.getMessageProperties().getMessageId();
    }
}
