package dev.flock.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.contracts.FlockHeaders;
import dev.flock.contracts.Topology;
import dev.flock.platform.FlockApplication;
import dev.flock.platform.topology.WorkQueue;
import dev.flock.testsupport.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.SpringApplication;

/** The tool as an operator runs it, with no edge anywhere: arguments in, JSON out, exit code. */
class FlockAdminIT {

    private static final String DLQ = Topology.deadLetterQueue(Topology.ACCOUNT_WORKER_COMMANDS);
    private static final TestInfrastructure infrastructure = TestInfrastructure.start();
    private static CachingConnectionFactory connections;
    private static RabbitTemplate rabbit;

    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void accountWorkerQueues() {
        connections = new CachingConnectionFactory(
                infrastructure.broker().host(), infrastructure.broker().port());
        connections.setUsername(infrastructure.broker().username());
        connections.setPassword(infrastructure.broker().password());
        connections.setVirtualHost(infrastructure.virtualHost());
        RabbitAdmin admin = new RabbitAdmin(connections);
        new WorkQueue(
                        Topology.ACCOUNT_WORKER_COMMANDS,
                        Topology.COMMANDS_EXCHANGE,
                        List.of(Topology.ACCOUNT_COMMANDS_PATTERN))
                .declarables(List.of(Duration.ofSeconds(1)))
                .getDeclarables()
                .forEach(declarable -> {
                    if (declarable instanceof org.springframework.amqp.core.Queue queue) {
                        admin.declareQueue(queue);
                    } else if (declarable instanceof org.springframework.amqp.core.Exchange exchange) {
                        admin.declareExchange(exchange);
                    } else if (declarable instanceof org.springframework.amqp.core.Binding binding) {
                        admin.declareBinding(binding);
                    }
                });
        rabbit = new RabbitTemplate(connections);
    }

    @AfterAll
    static void close() {
        connections.destroy();
    }

    @Test
    void listShowsEveryDeadLetterQueueWithItsDepth() throws Exception {
        deadLetter();

        JsonNode queues = run("dead-letters", "list");

        assertThat(queues.findValuesAsText("queue")).containsExactlyElementsOf(Topology.deadLetterQueues());
        assertThat(queues.get(0).get("messages").asLong()).isPositive();
    }

    @Test
    void replayWorksWithoutTheEdgeAndADryRunMovesNothing() throws Exception {
        rabbit.execute(channel -> channel.queuePurge(DLQ));
        String id = deadLetter();

        JsonNode dryRun = run("dead-letters", "replay", DLQ, "--dry-run", "--type", "account.register");
        JsonNode replay = run("dead-letters", "replay", DLQ, "--message-id", id);

        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.get("replayed").asInt()).isEqualTo(1);
        assertThat(dryRun.get("left").asInt()).isEqualTo(1);
        assertThat(replay.get("replayed").asInt()).isEqualTo(1);
        assertThat(replay.get("left").asInt()).isZero();
        assertThat(rabbit.receive(Topology.ACCOUNT_WORKER_COMMANDS, 5000)
                        .getMessageProperties()
                        .getMessageId())
                .isEqualTo(id);
    }

    private String deadLetter() {
        String id = UUID.randomUUID().toString();
        rabbit.send(
                Topology.DEAD_LETTER_EXCHANGE,
                Topology.ACCOUNT_WORKER_COMMANDS,
                MessageBuilder.withBody("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8))
                        .setMessageId(id)
                        .setType("account.register")
                        .setHeader(FlockHeaders.REASON, "RETRIES_EXHAUSTED")
                        .setHeader(FlockHeaders.DEAD_LETTERED_AT, Instant.now().toString())
                        .setHeader(FlockHeaders.ORIGINAL_EXCHANGE, Topology.COMMANDS_EXCHANGE)
                        .setHeader(FlockHeaders.ORIGINAL_ROUTING_KEY, "account.register")
                        .build());
        return id;
    }

    /** Runs the tool with these arguments; returns what it printed, which must be JSON, after a zero exit. */
    private JsonNode run(String... arguments) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exitCode;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            var properties = new java.util.HashMap<String, Object>(infrastructure.properties());
            exitCode =
                    SpringApplication.exit(FlockApplication.builder(AdminCliApplication.class, AdminCliApplication.NAME)
                            .properties(properties)
                            .run(arguments));
        } finally {
            System.setOut(console);
        }
        assertThat(exitCode).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        return mapper.readTree(printed.toByteArray());
    }
}
