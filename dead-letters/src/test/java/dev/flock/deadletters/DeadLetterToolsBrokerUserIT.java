package dev.flock.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.testsupport.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 10, finding 2: with {@code flock.dead-letters.broker.*} set (as the edge's admin API has it, whose own user may
 * only publish commands), the dead-letter tools log in as their own user, with the permissions compose gives
 * {@code flock-dead-letters}, and can still read and replay.
 */
@SpringBootTest(
        classes = DeadLetterTestApplication.class,
        properties = "spring.data.mongodb.database=dead-letter-tests",
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DeadLetterToolsBrokerUserIT {

    static final String WORK = "account-worker.commands";
    static final String DLQ = "account-worker.commands.dlq";

    static final TestInfrastructure infrastructure = TestInfrastructure.start();
    static final String USER = "flock-test-" + UUID.randomUUID().toString().substring(0, 8) + "-dead-letters";
    static final String PASSWORD = UUID.randomUUID().toString();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
        JsonNode permission = composePermissionsOf("flock-dead-letters");
        infrastructure.broker().rabbitmqctl("add_user", USER, PASSWORD);
        infrastructure
                .broker()
                .rabbitmqctl(
                        "set_permissions",
                        "-p",
                        infrastructure.virtualHost(),
                        USER,
                        permission.get("configure").asText(),
                        permission.get("write").asText(),
                        permission.get("read").asText());
        registry.add("flock.dead-letters.broker.username", () -> USER);
        registry.add("flock.dead-letters.broker.password", () -> PASSWORD);
    }

    @AfterAll
    static void deleteTheUser() {
        infrastructure.broker().rabbitmqctl("delete_user", USER);
    }

    @Autowired
    DeadLetterQueues deadLetters;

    @Autowired
    ConfirmedPublisher publisher;

    @Autowired
    RabbitTemplate rabbit;

    @Test
    void theToolsPeekAndReplayLoggedInAsTheirOwnUser() {
        List<String> ids = deadLetters(2);

        List<DeadLetter> peeked = deadLetters.peek("test", DLQ, 10);
        ReplayReport report = deadLetters.replay("test", DLQ, new ReplayRequest(null, null, null, false, false, false));

        assertThat(peeked).extracting(DeadLetter::messageId).containsExactlyElementsOf(ids);
        assertThat(report.replayed()).isEqualTo(2);
        List<String> replayed = new ArrayList<>();
        Message message;
        while ((message = rabbit.receive(WORK, 1000)) != null) {
            replayed.add(message.getMessageProperties().getMessageId());
        }
        assertThat(replayed).containsExactlyElementsOf(ids);
        assertThat(infrastructure.broker().rabbitmqctl("list_connections", "user", "vhost"))
                .contains(USER + "\t" + infrastructure.virtualHost());
    }

    /** Dead letters as the failure policy writes them, published with the application's own user. */
    private List<String> deadLetters(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            Message message = MessageBuilder.withBody(("{\"id\":\"" + id + "\",\"type\":\"account.register\","
                                    + "\"version\":1,\"occurredAt\":\"2026-11-28T08:00:00Z\",\"actor\":null,\"payload\":{}}")
                            .getBytes())
                    .setMessageId(id)
                    .setType("account.register")
                    .setContentType("application/json")
                    .setHeader("x-flock-reason", "RETRIES_EXHAUSTED")
                    .setHeader("x-flock-attempts", 6)
                    .setHeader("x-flock-dead-lettered-at", Instant.now().toString())
                    .setHeader("x-flock-original-exchange", "flock.commands")
                    .setHeader("x-flock-original-routing-key", "account.register")
                    .build();
            publisher.publishRouted("flock.dlx", WORK, message);
            ids.add(id);
        }
        return ids;
    }

    private static JsonNode composePermissionsOf(String user) {
        try {
            JsonNode definitions = new ObjectMapper()
                    .readTree(Path.of("..", "compose", "rabbitmq", "definitions.json")
                            .toFile());
            for (JsonNode permission : definitions.get("permissions")) {
                if (permission.get("user").asText().equals(user)) {
                    return permission;
                }
            }
            throw new IllegalStateException(user + " is not in compose/rabbitmq/definitions.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
