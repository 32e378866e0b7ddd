package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.testsupport.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the services declare on the broker, read back from the broker itself, against SPEC §3. Every name and
 * argument here is written out as the SPEC fixes it, not taken from the code that declares them.
 */
class TopologyIT {

    private static final List<String> WORK_QUEUES =
            List.of("account-worker.commands", "post-worker.commands", "timeline-projector.events");

    private static TestInfrastructure infrastructure;
    private static FlockSystem system;
    private static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        infrastructure = TestInfrastructure.start();
        system = new FlockSystem(infrastructure, Map.of("flock.retry.delays", "1s,5s"));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void theExchangesAreDurableOfTheirKind() {
        Map<String, String> exchanges = new HashMap<>();
        list("list_exchanges", "name", "type", "durable").forEach(exchange -> {
            assertThat(exchange.get("durable").asBoolean())
                    .as(exchange.get("name").asText())
                    .isTrue();
            exchanges.put(exchange.get("name").asText(), exchange.get("type").asText());
        });
        assertThat(exchanges)
                .containsEntry("flock.commands", "topic")
                .containsEntry("flock.events", "topic")
                .containsEntry("flock.dlx", "direct");
    }

    @Test
    void everyQueueThatCanHoldAnAcceptedCommandIsAQuorumQueue() {
        Map<String, JsonNode> queues = queues();
        for (String work : WORK_QUEUES) {
            for (String queue : List.of(
                    work, work + ".dlq", work + ".dlq.parking-lot", work + ".retry.1000ms", work + ".retry.5000ms")) {
                assertThat(queues).as("declared").containsKey(queue);
                assertThat(queues.get(queue).get("type").asText()).as(queue).isEqualTo("quorum");
                assertThat(queues.get(queue).get("durable").asBoolean())
                        .as(queue)
                        .isTrue();
            }
        }
        assertThat(queues.values())
                .as("classic queues other than a test's own taps")
                .filteredOn(queue -> !queue.get("name").asText().startsWith("test-"))
                .allMatch(queue -> queue.get("type").asText().equals("quorum"));
    }

    @Test
    void workQueuesDeadLetterAtLeastOnceIntoFlockDlxUnderTheirOwnName() {
        Map<String, JsonNode> queues = queues();
        for (String work : WORK_QUEUES) {
            Map<String, Object> arguments = arguments(queues.get(work));
            assertThat(arguments)
                    .as(work)
                    .containsEntry("x-dead-letter-exchange", "flock.dlx")
                    .containsEntry("x-dead-letter-routing-key", work)
                    .containsEntry("x-dead-letter-strategy", "at-least-once")
                    .containsEntry("x-overflow", "reject-publish")
                    .containsKey("x-delivery-limit");
        }
    }

    @Test
    void retryQueuesHoldAMessageForTheirDelayThenDeadLetterItBackAtLeastOnce() {
        Map<String, JsonNode> queues = queues();
        for (String work : WORK_QUEUES) {
            for (int delay : List.of(1000, 5000)) {
                Map<String, Object> arguments = arguments(queues.get(work + ".retry." + delay + "ms"));
                assertThat(arguments)
                        .as(work + ".retry." + delay + "ms")
                        .containsEntry("x-message-ttl", delay)
                        .containsEntry("x-dead-letter-exchange", "")
                        .containsEntry("x-dead-letter-routing-key", work)
                        .containsEntry("x-dead-letter-strategy", "at-least-once")
                        .containsEntry("x-overflow", "reject-publish");
            }
        }
    }

    @Test
    void commandsAndEventsReachTheirWorkQueuesAndDeadLettersTheirDeadLetterQueues() {
        List<String> bindings = list("list_bindings", "source_name", "destination_name", "routing_key").stream()
                .map(binding -> binding.get("source_name").asText() + " -> "
                        + binding.get("destination_name").asText() + " : "
                        + binding.get("routing_key").asText())
                .toList();
        assertThat(bindings)
                .contains(
                        "flock.commands -> account-worker.commands : account.#",
                        "flock.commands -> post-worker.commands : post.#",
                        "flock.events -> timeline-projector.events : post.created",
                        "flock.events -> timeline-projector.events : post.deleted",
                        "flock.events -> timeline-projector.events : account.followed",
                        "flock.events -> timeline-projector.events : account.unfollowed",
                        "flock.dlx -> account-worker.commands.dlq : account-worker.commands",
                        "flock.dlx -> post-worker.commands.dlq : post-worker.commands",
                        "flock.dlx -> timeline-projector.events.dlq : timeline-projector.events");
    }

    private Map<String, JsonNode> queues() {
        Map<String, JsonNode> queues = new HashMap<>();
        list("list_queues", "name", "type", "durable", "arguments")
                .forEach(queue -> queues.put(queue.get("name").asText(), queue));
        return queues;
    }

    /** {@code [[name, type, value], ...]} as rabbitmqctl prints queue arguments. */
    private static Map<String, Object> arguments(JsonNode queue) {
        Map<String, Object> arguments = new HashMap<>();
        queue.get("arguments").forEach(argument -> {
            JsonNode value = argument.get(2);
            arguments.put(argument.get(0).asText(), value.isNumber() ? (Object) value.asInt() : value.asText());
        });
        return arguments;
    }

    private List<JsonNode> list(String command, String... columns) {
        String[] arguments = new String[columns.length + 5];
        arguments[0] = command;
        arguments[1] = "-p";
        arguments[2] = infrastructure.virtualHost();
        System.arraycopy(columns, 0, arguments, 3, columns.length);
        arguments[columns.length + 3] = "--formatter";
        arguments[columns.length + 4] = "json";
        try {
            JsonNode listing = json.readTree(infrastructure.broker().rabbitmqctl(arguments));
            return StreamSupport.stream(listing.spliterator(), false).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
