package dev.flock.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.flock.admin.AdminTool.Run;
import dev.flock.testsupport.TestInfrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tool as an operator runs it, with no edge anywhere: arguments in, JSON out, a message and an exit code. */
class FlockAdminIT {

    private static final String DLQ = "account-worker.commands.dlq";
    private static final TestInfrastructure infrastructure = TestInfrastructure.start();
    private static final ConnectionFactory connections = new ConnectionFactory();
    private static Connection broker;
    private static Channel channel;

    private final AdminTool tool = new AdminTool(infrastructure);

    /** The account worker's queues as SPEC §3 names them, declared as the worker declares them. */
    @BeforeAll
    static void accountWorkerQueues() throws Exception {
        connections.setHost(infrastructure.broker().host());
        connections.setPort(infrastructure.broker().port());
        connections.setUsername(infrastructure.broker().username());
        connections.setPassword(infrastructure.broker().password());
        connections.setVirtualHost(infrastructure.virtualHost());
        broker = connections.newConnection("flock-admin-test");
        channel = broker.createChannel();
        channel.exchangeDeclare("flock.commands", "topic", true);
        channel.exchangeDeclare("flock.dlx", "direct", true);
        channel.queueDeclare("account-worker.commands", true, false, false, Map.of("x-queue-type", "quorum"));
        channel.queueBind("account-worker.commands", "flock.commands", "account.#");
        Map<String, Object> inspectable = Map.of("x-queue-type", "quorum", "x-delivery-limit", 1_000_000);
        channel.queueDeclare(DLQ, true, false, false, inspectable);
        channel.queueBind(DLQ, "flock.dlx", "account-worker.commands");
        channel.queueDeclare(DLQ + ".parking-lot", true, false, false, inspectable);
        channel.confirmSelect();
    }

    @AfterAll
    static void close() throws Exception {
        broker.close();
    }

    @BeforeEach
    void emptyQueues() throws Exception {
        channel.queuePurge(DLQ);
        channel.queuePurge("account-worker.commands");
    }

    @Test
    void listShowsEveryDeadLetterQueueWithItsDepth() throws Exception {
        deadLetter();

        JsonNode queues = tool.run("dead-letters", "list").json();

        assertThat(queues.findValuesAsText("queue"))
                .containsExactly(
                        "account-worker.commands.dlq", "post-worker.commands.dlq", "timeline-projector.events.dlq");
        assertThat(queues.get(0).get("messages").asLong()).isEqualTo(1);
    }

    @Test
    void replayWorksWithoutTheEdgeAndADryRunMovesNothingAndSaysWhatWould() throws Exception {
        String id = deadLetter();

        Run dryRun = tool.run("dead-letters", "replay", DLQ, "--dry-run", "--type", "account.register");
        Run replay = tool.run("dead-letters", "replay", DLQ, "--message-id", id);

        JsonNode dryReport = dryRun.json();
        assertThat(dryReport.get("dryRun").asBoolean()).isTrue();
        assertThat(dryReport.get("matched").asInt()).isEqualTo(1);
        assertThat(dryReport.get("replayed").asInt()).isZero();
        assertThat(dryReport.get("left").asInt()).isEqualTo(1);
        assertThat(dryRun.err()).contains("would replay 1");
        JsonNode report = replay.json();
        assertThat(report.get("replayed").asInt()).isEqualTo(1);
        assertThat(report.get("left").asInt()).isZero();
        assertThat(channel.basicGet("account-worker.commands", true).getProps().getMessageId())
                .isEqualTo(id);
    }

    @Test
    void aDryRunParkMovesNothingAndSaysWhatWould() throws Exception {
        deadLetter();
        deadLetter();

        Run dryRun = tool.run("dead-letters", "park", DLQ, "--dry-run");

        JsonNode report = dryRun.json();
        assertThat(report.get("matched").asInt()).isEqualTo(2);
        assertThat(report.get("replayed").asInt()).isZero();
        assertThat(report.get("left").asInt()).isEqualTo(2);
        assertThat(dryRun.err()).contains("would park 2");
    }

    @Test
    void anUnreachableBrokerEndsTheToolWithAnErrorThatSaysSo() throws Exception {
        Run run = tool.run(Map.of("spring.rabbitmq.port", String.valueOf(freePort())), "dead-letters", "list");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("broker");
    }

    @Test
    void anOperationOnAQueueAnotherToolIsWorkingOnEndsWithAnErrorThatSaysSo() throws Exception {
        deadLetter();
        // Another tool (an edge replica, a second flock-admin) holds the queue's broker-side lock, on its connection.
        try (Connection otherTool = connections.newConnection("another tool")) {
            otherTool.createChannel().queueDeclare(DLQ + ".lock", false, true, true, Map.of());

            Run run = tool.run(Map.of(), "dead-letters", "park", DLQ);

            assertThat(run.exitCode()).isNotZero();
            assertThat(run.err()).contains(DLQ).contains("another");
        }
        assertThat(channel.queueDeclarePassive(DLQ).getMessageCount()).isEqualTo(1);
        await().until(this::lockReleased);
        assertThat(tool.run(Map.of(), "dead-letters", "park", DLQ, "--dry-run").exitCode())
                .isZero();
    }

    private String deadLetter() throws Exception {
        String id = UUID.randomUUID().toString();
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .messageId(id)
                .type("account.register")
                .deliveryMode(2)
                .headers(Map.of(
                        "x-flock-reason", "RETRIES_EXHAUSTED",
                        "x-flock-dead-lettered-at", Instant.now().toString(),
                        "x-flock-original-exchange", "flock.commands",
                        "x-flock-original-routing-key", "account.register"))
                .build();
        channel.basicPublish("flock.dlx", "account-worker.commands", properties, "{\"id\":\"x\"}".getBytes());
        channel.waitForConfirmsOrDie(5000);
        return id;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The broker deletes an exclusive queue once its connection has closed. */
    private boolean lockReleased() throws Exception {
        try (Channel probe = broker.createChannel()) {
            probe.queueDeclarePassive(DLQ + ".lock");
            return false;
        } catch (IOException notFound) {
            return true;
        }
    }
}
