package dev.flock.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.rabbitmq.client.GetResponse;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandOutcome;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.platform.topology.WorkQueue;
import dev.flock.testsupport.TestInfrastructure;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Inspect, replay and park on the real broker, with dead letters made as the failure policy makes them. */
@SpringBootTest(
        classes = DeadLetterTestApplication.class,
        properties = {"spring.data.mongodb.database=dead-letter-tests", "flock.dead-letters.canary-timeout=10s"},
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DeadLetterQueuesIT {

    static final String WORK = "account-worker.commands";
    static final String DLQ = "account-worker.commands.dlq";
    static final String PARKING_LOT = "account-worker.commands.dlq.parking-lot";
    /** A retry step long enough that nothing leaves it during a test. */
    static final String RETRY_10_MINUTES = "account-worker.commands.retry.600000ms";

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

    @Autowired
    MongoClient mongo;

    CommandLog accountCommands;

    @BeforeEach
    void emptyQueues() {
        for (String queue : List.of(DLQ, WORK, PARKING_LOT)) {
            admin.purgeQueue(queue, false);
        }
        accountCommands = new CommandLog(new MongoTemplate(mongo, "accounts"), Clock.systemUTC());
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
        List<Message> left = drain(DLQ);
        assertThat(left).extracting(this::id).containsExactlyElementsOf(ids);
        assertThat(left)
                .extracting(message -> message.getMessageProperties().getHeader("x-flock-attempts"))
                .containsOnly(6);
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
        assertThat(one.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(one.getMessageProperties().getHeaders())
                .containsEntry("x-flock-replays", 1)
                .doesNotContainKeys("x-flock-attempts", "x-flock-reason");
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
    void aDryRunReplaysNothingAndMatchedSaysWhatWouldGo() {
        List<String> ids = deadLetter(3, "account.register", "RETRIES_EXHAUSTED");

        ReplayReport report = deadLetters.replay("test", DLQ, new ReplayRequest(null, 2, null, true, false, false));

        assertThat(report).isEqualTo(new ReplayReport(2, 0, 0, 3, true, null, null));
        assertThat(drain(WORK)).isEmpty();
        assertThat(drain(DLQ)).extracting(this::id).containsExactlyElementsOf(ids);
    }

    @Test
    void aDryRunParkMovesNothingAndMatchedSaysWhatWouldGo() {
        List<String> ids = deadLetter(3, "account.register", "RETRIES_EXHAUSTED");

        ReplayReport report = deadLetters.park("test", DLQ, DeadLetterFilter.ALL, true);

        assertThat(report).isEqualTo(new ReplayReport(3, 0, 0, 3, true, null, null));
        assertThat(drain(PARKING_LOT)).isEmpty();
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

        ReplayReport report;
        try (StandInWorker worker = StandInWorker.start(connectionFactory, this::apply)) {
            report = deadLetters.replay("test", DLQ, new ReplayRequest(null, null, null, false, true, false));
        }

        assertThat(report.canary()).isEqualTo(new ReplayReport.Canary(ids.get(0), "APPLIED"));
        assertThat(report.aborted()).isNull();
        assertThat(report.replayed()).isEqualTo(3);
        assertThat(report.left()).isZero();
    }

    @Test
    void aCanaryThatFailsAgainStopsTheReplayAndSaysWhy() {
        List<String> ids = deadLetter(3, "account.register", "RETRIES_EXHAUSTED");

        ReplayReport report;
        try (StandInWorker stillBroken = StandInWorker.start(
                connectionFactory,
                message -> accountCommands.recordFailed(envelope(id(message)), FailureReason.RETRIES_EXHAUSTED))) {
            report = deadLetters.replay("test", DLQ, new ReplayRequest(null, null, null, false, true, false));
        }

        assertThat(report.canary()).isEqualTo(new ReplayReport.Canary(ids.get(0), "FAILED"));
        assertThat(report.aborted()).contains("FAILED");
        assertThat(report.replayed()).isEqualTo(1);
        assertThat(report.left()).isEqualTo(2);
        assertThat(drain(DLQ)).extracting(this::id).containsExactlyElementsOf(ids.subList(1, 3));
    }

    @Test
    void aCanaryWaitsForAnOutcomeNewerThanTheFailedOneRecordedWhenItWasDeadLettered() {
        List<String> ids = deadLetter(3, "account.register", "RETRIES_EXHAUSTED");
        // As the worker recorded it when it gave up on the command.
        accountCommands.recordFailed(envelope(ids.get(0)), FailureReason.RETRIES_EXHAUSTED);

        ReplayReport report;
        // The worker applies the canary only once the canary has looked at the command log while it was in hand.
        try (StandInWorker worker = StandInWorker.start(connectionFactory, message -> {
            int seen = DeadLetterTestApplication.outcomeLookups.get();
            await().until(() -> DeadLetterTestApplication.outcomeLookups.get() > seen);
            apply(message);
        })) {
            report = deadLetters.replay("test", DLQ, new ReplayRequest(null, null, null, false, true, false));
        }

        assertThat(report.canary()).isEqualTo(new ReplayReport.Canary(ids.get(0), "APPLIED"));
        assertThat(report.replayed()).isEqualTo(3);
    }

    @Test
    void aMessageThatFailsAgainDuringTheRunIsNotReplayedTwiceInIt() {
        List<String> ids = deadLetter(5, "account.register", "RETRIES_EXHAUSTED");

        // A consumer that dead-letters everything again at once, as a still-broken worker would.
        try (StandInWorker stillBroken = StandInWorker.start(
                connectionFactory, message -> publisher.publishRouted("flock.dlx", WORK, message))) {
            ReplayReport report =
                    deadLetters.replay("test", DLQ, new ReplayRequest(null, null, 20.0, false, false, false));

            assertThat(report.replayed()).isEqualTo(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> depth(DLQ) == 5);
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
        List<Message> parked = drain(PARKING_LOT);
        assertThat(parked).extracting(this::id).containsExactlyElementsOf(park);
        assertThat((String) parked.get(0).getMessageProperties().getHeader("x-flock-reason"))
                .isEqualTo("INVALID_PAYLOAD");
        assertThat(drain(DLQ)).extracting(this::id).containsExactlyElementsOf(keep);
    }

    @Test
    void everyParkedCopyIsPersistent() {
        deadLetter(3, "account.register", "RETRIES_EXHAUSTED");

        deadLetters.park("test", DLQ, DeadLetterFilter.ALL, false);

        assertThat(deliveryModes(PARKING_LOT)).containsExactly(2, 2, 2);
        // The broker's statistics follow the queue's state with a delay.
        await().until(() -> "3".equals(queues("messages").get(PARKING_LOT)));
        String persistent = queues("messages_persistent").get(PARKING_LOT);
        System.out.println("parking lot: messages 3, messages_persistent '" + persistent + "'");
        // Where the broker counts persistent messages, all are. RabbitMQ 3.10 leaves the column blank for quorum
        // queues, which write every message to disk whatever its delivery mode.
        assertThat(persistent).isIn("3", "");
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

    @Test
    void aQueueNoServiceDeclaredYetListsAsEmpty() {
        deadLetter(2, "account.register", "RETRIES_EXHAUSTED");

        List<QueueDepth> list = deadLetters.list("test");

        assertThat(list)
                .containsExactly(
                        new QueueDepth("account-worker.commands.dlq", 2),
                        new QueueDepth("post-worker.commands.dlq", 0),
                        new QueueDepth("timeline-projector.events.dlq", 0));
    }

    @Test
    void listingFailsWhenTheBrokerIsUnreachable() throws Exception {
        try (ConfigurableApplicationContext tool = anotherTool(Map.of("spring.rabbitmq.port", freePort()))) {
            DeadLetterQueues unreachable = tool.getBean(DeadLetterQueues.class);

            assertThatThrownBy(() -> unreachable.list("test")).isInstanceOf(AmqpException.class);
        }
    }

    @Test
    void aSecondOperationOnTheSameQueueIsRefusedWhileOneRuns() throws Exception {
        deadLetter(3, "account.register", "RETRIES_EXHAUSTED");
        CountDownLatch canaryArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ConfigurableApplicationContext tool = anotherTool(Map.of());
                StandInWorker worker = StandInWorker.start(connectionFactory, message -> {
                    canaryArrived.countDown();
                    awaitLatch(release);
                    apply(message);
                })) {
            DeadLetterQueues secondTool = tool.getBean(DeadLetterQueues.class);
            CompletableFuture<ReplayReport> first = CompletableFuture.supplyAsync(
                    () -> deadLetters.replay("first", DLQ, new ReplayRequest(null, null, null, false, true, false)));
            // The first replay is waiting for its canary, which the worker holds: it is running.
            assertThat(canaryArrived.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> secondTool.park("second", DLQ, DeadLetterFilter.ALL, false))
                    .isInstanceOf(QueueBusyException.class)
                    .hasMessageContaining("account-worker.commands.dlq");
            assertThatThrownBy(() -> secondTool.peek("second", DLQ, 10)).isInstanceOf(QueueBusyException.class);
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).replayed()).isEqualTo(3);
            assertThat(secondTool
                            .park("second", DLQ, DeadLetterFilter.ALL, true)
                            .dryRun())
                    .isTrue();
        } finally {
            release.countDown();
        }
    }

    /** Stops the shared broker's application for a moment: every test run on this broker sees it. */
    @Test
    void parkedAndRetryingMessagesSurviveABrokerRestart() {
        new WorkQueue(WORK, "flock.commands", List.of("account.#"))
                .declarables(List.of(Duration.ofMinutes(10)))
                .getDeclarablesByType(Queue.class)
                .forEach(admin::declareQueue);
        deadLetter(3, "account.register", "RETRIES_EXHAUSTED");
        deadLetters.park("test", DLQ, DeadLetterFilter.ALL, false);
        for (int i = 0; i < 2; i++) {
            publisher.publishRouted(
                    "",
                    RETRY_10_MINUTES,
                    MessageBuilder.withBody("{}".getBytes())
                            .setMessageId(UUID.randomUUID().toString())
                            .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                            .build());
        }
        Map<String, String> before = Map.of(PARKING_LOT, "3", RETRY_10_MINUTES, "2");
        await().until(() -> counts().equals(before));

        restartBrokerApplication();

        // Counted once the queues serve again; what was lost would never come back, and the wait would fail.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(counts()).isEqualTo(before));
        System.out.println("messages before the restart: " + before + "; after: " + counts());
    }

    /** A second instance of the tools, in a context (and on connections) of its own, as a second edge would be. */
    private ConfigurableApplicationContext anotherTool(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(infrastructure.properties());
        properties.put("spring.data.mongodb.database", "dead-letter-tests");
        properties.putAll(overrides);
        return new SpringApplicationBuilder(DeadLetterTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run();
    }

    private void apply(Message message) {
        accountCommands.recordOutcome(envelope(id(message)), CommandOutcome.applied());
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                    .setHeader("x-flock-reason", reason)
                    .setHeader("x-flock-attempts", 6)
                    .setHeader("x-flock-exception", "com.mongodb.MongoTimeoutException")
                    .setHeader("x-flock-exception-message", "timed out")
                    .setHeader("x-flock-dead-lettered-at", Instant.now().toString())
                    .setHeader("x-flock-original-exchange", "flock.commands")
                    .setHeader("x-flock-original-routing-key", type)
                    .setHeader("x-flock-replays", replays)
                    .build();
            publisher.publishRouted("flock.dlx", WORK, message);
            ids.add(id);
        }
        return ids;
    }

    /** Each message's delivery mode as the broker delivers it; the messages stay, in order. */
    private List<Integer> deliveryModes(String queue) {
        return rabbit.execute(channel -> {
            List<Integer> modes = new ArrayList<>();
            List<Long> tags = new ArrayList<>();
            GetResponse response;
            while ((response = channel.basicGet(queue, false)) != null) {
                modes.add(response.getProps().getDeliveryMode());
                tags.add(response.getEnvelope().getDeliveryTag());
            }
            for (long tag : tags) {
                channel.basicNack(tag, false, true);
            }
            return modes;
        });
    }

    private static void restartBrokerApplication() {
        try {
            infrastructure.broker().rabbitmqctl("stop_app");
        } finally {
            infrastructure.broker().rabbitmqctl("start_app");
            infrastructure.broker().rabbitmqctl("await_startup");
        }
        // A quorum queue serves (and counts) once it has elected a leader again.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> queues("state").values().stream().allMatch("running"::equals));
    }

    private static Map<String, String> counts() {
        Map<String, String> messages = queues("messages");
        return Map.of(
                PARKING_LOT,
                messages.getOrDefault(PARKING_LOT, "not listed"),
                RETRY_10_MINUTES,
                messages.getOrDefault(RETRY_10_MINUTES, "not listed"));
    }

    /** One column of {@code rabbitmqctl list_queues} for the test's virtual host, by queue name. */
    private static Map<String, String> queues(String column) {
        return infrastructure
                .broker()
                .rabbitmqctl("list_queues", "-p", infrastructure.virtualHost(), "--no-table-headers", "name", column)
                .lines()
                .map(line -> line.split("\t", -1))
                .collect(Collectors.toMap(columns -> columns[0], columns -> columns[1]));
    }

    private long depth(String queue) {
        return admin.getQueueInfo(queue).getMessageCount();
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

    private static Envelope<Map<String, Object>> envelope(String id) {
        return new Envelope<>(id, "account.register", 1, Instant.parse("2026-11-28T08:00:00Z"), null, Map.of());
    }

    private static String freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return String.valueOf(socket.getLocalPort());
        }
    }
}
