package dev.flock.edge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.flock.edge.EdgeApiApplication;
import dev.flock.testsupport.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The admin dead-letter API when the broker is away or another tool is working on the same queue. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + EdgeApiApplication.NAME, "flock.admin.password=admin-secret-for-tests"})
class DeadLetterAdminIT {

    static final TestInfrastructure infrastructure = TestInfrastructure.startWithFaultyLinks();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
    }

    @LocalServerPort
    int port;

    /** Configured as the edge's own: through the link to the broker. */
    ConnectionFactory connections;

    @Autowired
    void brokerConnections(CachingConnectionFactory edgeConnections) {
        connections = edgeConnections.getRabbitConnectionFactory();
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private Connection broker;
    private String adminToken;

    @BeforeEach
    void accountWorkerDeadLetterQueue() throws Exception {
        broker = connections.newConnection("dead-letter-admin-test");
        try (Channel channel = broker.createChannel()) {
            channel.queueDeclare(
                    "account-worker.commands.dlq",
                    true,
                    false,
                    false,
                    Map.of("x-queue-type", "quorum", "x-delivery-limit", 1_000_000));
        }
        adminToken = token();
    }

    @AfterEach
    void heal() throws Exception {
        infrastructure.restoreLinks();
        broker.abort(); // A test may have cut it.
    }

    @Test
    void listingWhileTheBrokerIsUnreachableAnswers503WithRetryAfter() throws Exception {
        infrastructure.brokerLink().cut();

        HttpResponse<String> response = send("GET", "/admin/dead-letters", null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aQueueNoServiceDeclaredYetReadsEmpty() throws Exception {
        HttpResponse<String> response = send("GET", "/admin/dead-letters", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode queues = mapper.readTree(response.body());
        assertThat(queues.findValuesAsText("queue"))
                .containsExactly(
                        "account-worker.commands.dlq", "post-worker.commands.dlq", "timeline-projector.events.dlq");
        assertThat(queues.findValuesAsText("messages")).containsOnly("0");
    }

    @Test
    void anOperationOnAQueueAnotherToolIsWorkingOnAnswers409() throws Exception {
        // Another tool (a second edge, the command-line tool) holds the queue's broker-side lock, on its connection.
        try (Connection otherTool = connections.newConnection("another tool")) {
            otherTool.createChannel().queueDeclare("account-worker.commands.dlq.lock", false, true, true, Map.of());

            List<HttpResponse<String>> refused = List.of(
                    send("POST", "/admin/dead-letters/account-worker.commands.dlq/replay", "{}"),
                    send("POST", "/admin/dead-letters/account-worker.commands.dlq/park", "{\"dryRun\":true}"));

            for (HttpResponse<String> response : refused) {
                assertThat(response.statusCode()).isEqualTo(409);
                assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
                assertThat(mapper.readTree(response.body()).get("detail").asText())
                        .contains("account-worker.commands.dlq");
            }
        }
        await().until(this::lockReleased);
        assertThat(send("POST", "/admin/dead-letters/account-worker.commands.dlq/replay", "{}")
                        .statusCode())
                .isEqualTo(200);
    }

    private String token() throws Exception {
        HttpResponse<String> response =
                send("POST", "/auth/token", "{\"username\":\"admin\",\"password\":\"admin-secret-for-tests\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        return mapper.readTree(response.body()).get("accessToken").asText();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (adminToken != null) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The broker deletes an exclusive queue once its connection has closed. */
    private boolean lockReleased() throws Exception {
        try (Channel probe = broker.createChannel()) {
            probe.queueDeclarePassive("account-worker.commands.dlq.lock");
            return false;
        } catch (IOException notFound) {
            return true;
        }
    }
}
