package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flock.contracts.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 13 with every service running: the metrics move after a command, and the trace the edge starts for a request
 * is the one the worker and the projector handle the command and its event in (docs/observability.md).
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT {

    private static final Path OBSERVABILITY = Path.of("..", "compose", "observability");

    /** The metric names a query can use: Flock's own and those of the libraries' instrumentation. */
    private static final Pattern QUERIED_METRIC =
            Pattern.compile("\\b(flock|resilience4j|mongodb|http_server|lettuce|jvm|process|rabbitmq)_[a-z0-9_]+\\b");

    private static final Pattern TRACE_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");

    private static FlockSystem system;
    private static Api api;

    @BeforeAll
    static void start() {
        // The line each consumer logs once it handled a message, with the trace and command it belongs to.
        system = new FlockSystem(Map.of("logging.level.dev.flock.platform.consume.InboundProcessor", "debug"));
        api = new Api(system.baseUrl());
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void theMetricsMoveAfterACommand() {
        Api.Account author = api.newAccount("metrics");
        Scrapes before = scrape();

        JsonNode posted = api.command("POST", "/posts", Map.of("text", "counted"), author.token());

        assertThat(posted.get("status").asText()).isEqualTo("APPLIED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrapes after = scrape();
            assertThat(moved(before, after, "flock_commands_accepted_total", "type=\"post.create\""))
                    .isEqualTo(1);
            assertThat(moved(
                            before,
                            after,
                            "flock_commands_completed_total",
                            "type=\"post.create\"",
                            "status=\"APPLIED\""))
                    .isEqualTo(1);
            assertThat(moved(before, after, "flock_commands_latency_seconds_count", "type=\"post.create\""))
                    .isEqualTo(1);
            assertThat(moved(
                            before,
                            after,
                            "flock_messages_processing_seconds_count",
                            "queue=\"" + Topology.TIMELINE_PROJECTOR_EVENTS + "\"",
                            "type=\"post.created\""))
                    .isEqualTo(1);
            assertThat(moved(before, after, "flock_timeline_fan_out_size_count"))
                    .isEqualTo(1);
            assertThat(moved(before, after, "mongodb_driver_commands_seconds_count"))
                    .isPositive();
        });
    }

    @Test
    void aDeadLetterShowsInTheFailureCountAndTheQueueDepth() {
        Scrapes before = scrape();

        rabbit().send(Topology.COMMANDS_EXCHANGE, "post.create", unparseableCommand());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Scrapes after = scrape();
            assertThat(moved(
                            before,
                            after,
                            "flock_messages_failed_total",
                            "queue=\"" + Topology.POST_WORKER_COMMANDS + "\"",
                            "disposition=\"dead-lettered\""))
                    .isPositive();
            // Every service reports the depth; each sees the same one message more.
            assertThat(after.sum(
                            "flock_queue_messages",
                            "queue=\"" + Topology.deadLetterQueue(Topology.POST_WORKER_COMMANDS) + "\""))
                    .isGreaterThan(before.sum(
                            "flock_queue_messages",
                            "queue=\"" + Topology.deadLetterQueue(Topology.POST_WORKER_COMMANDS) + "\""));
        });
    }

    /** Compose's dashboard and alert rules query only what the services export (after a command and a dead letter). */
    @Test
    void everyMetricTheDashboardAndTheAlertRulesQueryIsExported() throws IOException {
        api.command(
                "POST",
                "/posts",
                Map.of("text", "for the dashboard"),
                api.newAccount("dashboard").token());
        rabbit().send(Topology.COMMANDS_EXCHANGE, "post.create", unparseableCommand());
        Set<String> queried = new TreeSet<>();
        for (Path file : List.of(
                OBSERVABILITY.resolve("grafana/dashboards/flock.json"), OBSERVABILITY.resolve("alert-rules.yml"))) {
            Matcher metric = QUERIED_METRIC.matcher(Files.readString(file));
            while (metric.find()) {
                queried.add(metric.group());
            }
        }
        assertThat(queried).hasSizeGreaterThan(10);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(scrape().names()).containsAll(queried));
    }

    @Test
    void aTraceStartedAtTheEdgeReachesTheWorkerAndTheProjector(CapturedOutput output) {
        Api.Account author = api.newAccount("traced");

        JsonNode posted = api.command("POST", "/posts", Map.of("text", "traced"), author.token());
        String commandId = posted.get("commandId").asText();

        String accepted = awaitLine(output, "accepted post.create " + commandId);
        Matcher edgeTrace = TRACE_ID.matcher(accepted);
        assertThat(edgeTrace.find()).as("a trace id in: %s", accepted).isTrue();
        String traceId = edgeTrace.group();
        assertThat(awaitLine(output, Topology.POST_WORKER_COMMANDS + ": post.create " + commandId + " handled"))
                .contains(traceId);
        assertThat(awaitLine(output, Topology.TIMELINE_PROJECTOR_EVENTS + ": post.created", commandId))
                .contains(traceId);
    }

    /** The first line of the output that contains every one of {@code fragments}, once there is one. */
    private static String awaitLine(CapturedOutput output, String... fragments) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> output.getOut()
                                .lines()
                                .filter(line -> Arrays.stream(fragments).allMatch(line::contains))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static Scrapes scrape() {
        return Scrapes.of(system.managementUrls());
    }

    private static double moved(Scrapes before, Scrapes after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static RabbitTemplate rabbit() {
        return system.edge().getBean(RabbitTemplate.class);
    }

    private static Message unparseableCommand() {
        MessageProperties properties = new MessageProperties();
        properties.setType("post.create");
        properties.setMessageId("not-json-" + System.nanoTime());
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        return new Message("{not json".getBytes(), properties);
    }
}
