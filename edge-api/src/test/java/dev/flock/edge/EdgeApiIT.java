package dev.flock.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.contracts.MessageType;
import dev.flock.edge.auth.Passwords;
import dev.flock.edge.auth.SecurityProperties;
import dev.flock.edge.command.CommandIds;
import dev.flock.platform.topology.Exchanges;
import dev.flock.testsupport.TestInfrastructure;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The edge alone against the real broker: what it accepts, what it refuses and how. A test queue bound to
 * {@code flock.commands} stands where the workers' queues would be, so each accepted command can be inspected.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + EdgeApiApplication.NAME,
            "flock.admin.password=admin-secret-for-tests",
            "flock.rate-limit.commands-per-account=5"
        })
class EdgeApiIT {

    static final TestInfrastructure infrastructure = TestInfrastructure.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        infrastructure.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    RabbitAdmin admin;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    Passwords passwords;

    @Autowired
    @Qualifier("accountsDatabase")
    MongoTemplate accounts;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private Queue commands;
    private Binding binding;

    @BeforeEach
    void standInForTheWorkers() {
        commands = new Queue("test-commands-" + suffix(), false, false, false);
        admin.declareQueue(commands);
        binding = BindingBuilder.bind(commands).to(Exchanges.commands()).with("#");
        admin.declareBinding(binding);
    }

    @AfterEach
    void removeTheStandIn() {
        admin.deleteQueue(commands.getName());
    }

    @Test
    void aRegistrationIsQueuedDurablyWithItsIdsAndWithoutThePlaintextPassword() throws Exception {
        Response response = post("/accounts", "{\"username\":\"alice_1\",\"password\":\"correct horse\"}", null);

        assertThat(response.status).isEqualTo(202);
        String commandId = response.json.get("commandId").asText();
        assertThat(response.json.get("status").asText()).isEqualTo("PENDING");
        assertThat(response.header("Location")).isEqualTo("/api/v1/commands/" + commandId);
        Message queued = rabbit.receive(commands.getName(), 5000);
        assertThat(queued.getMessageProperties().getMessageId()).isEqualTo(commandId);
        assertThat(queued.getMessageProperties().getCorrelationId()).isEqualTo(commandId);
        assertThat(queued.getMessageProperties().getType()).isEqualTo("account.register");
        assertThat(queued.getMessageProperties().getContentType()).isEqualTo("application/json");
        assertThat(queued.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        String body = new String(queued.getBody());
        assertThat(body).doesNotContain("correct horse");
        JsonNode envelope = mapper.readTree(body);
        assertThat(envelope.get("id").asText()).isEqualTo(commandId);
        assertThat(envelope.get("version").asInt()).isEqualTo(1);
        assertThat(envelope.get("actor").isNull()).isTrue();
        assertThat(envelope.at("/payload/accountId").asText())
                .isEqualTo(response.json.get("resourceId").asText());
        assertThat(envelope.at("/payload/passwordHash").asText()).startsWith("$2a$");
        assertThat(envelope.at("/payload/displayName").asText()).isEqualTo("alice_1");
    }

    @Test
    void aCommandIsPendingUntilAWorkerFinishesIt() {
        Response accepted = post("/accounts", "{\"username\":\"pending_1\",\"password\":\"correct horse\"}", null);
        String commandId = accepted.json.get("commandId").asText();

        Response status = get("/commands/" + commandId, null);

        assertThat(status.status).isEqualTo(200);
        assertThat(status.json.get("status").asText()).isEqualTo("PENDING");
        assertThat(status.json.get("type").asText()).isEqualTo("account.register");
        assertThat(status.json.get("resourceId").asText())
                .isEqualTo(accepted.json.get("resourceId").asText());
        assertThat(Instant.parse(status.json.get("acceptedAt").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(status.json.has("completedAt")).isFalse();
    }

    @Test
    void anIdTheSystemNeverIssuedIsNotFound() {
        // Well-formed, but signed with another secret: not issued by this system.
        String foreign = new CommandIds(
                        new SecurityProperties("another secret, another system.".repeat(2), Duration.ofHours(1)))
                .issue(MessageType.POST_CREATE)
                .commandId();

        Response response = get("/commands/" + foreign, null);

        assertThat(response.status).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json.get("title").asText()).isEqualTo("Not found");
    }

    @Test
    void anInvalidRegistrationListsEveryBrokenRule() {
        Response response = post("/accounts", "{\"username\":\"a b\",\"password\":\"short\"}", null);

        assertThat(response.status).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json.get("type").asText()).isEqualTo("urn:flock:problem:validation-failed");
        assertThat(fields(response)).containsExactlyInAnyOrder("username", "password");
        assertThat(rabbit.receive(commands.getName(), 200)).isNull();
    }

    @Test
    void theAdminUsernameIsReserved() {
        Response response = post("/accounts", "{\"username\":\"Admin\",\"password\":\"correct horse\"}", null);

        assertThat(response.status).isEqualTo(400);
        assertThat(fields(response)).containsExactly("username");
    }

    @Test
    void postTextIsCountedInCharactersAfterNormalisation() {
        String token = tokenForNewAccount();
        String bird = "\\uD83D\\uDC26"; // JSON escapes: one character, two UTF-16 units

        assertThat(post("/posts", "{\"text\":\"" + bird.repeat(280) + "\"}", token).status)
                .isEqualTo(202);
        Response tooLong = post("/posts", "{\"text\":\"" + bird.repeat(281) + "\"}", token);
        assertThat(tooLong.status).isEqualTo(400);
        assertThat(fields(tooLong)).containsExactly("text");
        assertThat(post("/posts", "{\"text\":\"   \"}", token).status).isEqualTo(400);
        assertThat(post("/posts", "{}", token).status).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"username\":\"bob_1\",\"password\":\"correct horse\",\"admin\":true}",
                "{\"username\":\"bob_1\",\"username\":\"bob_2\",\"password\":\"correct horse\"}",
                "{\"username\":\"bob_1\",\"password\":",
                "{\"username\":\"bob_1\",\"password\":\"correct horse\"} trailing",
                "{\"username\":42,\"password\":\"correct horse\"}",
                "[]",
                ""
            })
    void aBodyThatIsNotExactlyTheExpectedJsonIsABadRequest(String body) {
        Response response = post("/accounts", body, null);

        assertThat(response.status).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json.get("detail").asText()).doesNotContain("java.");
    }

    @Test
    void aBodyOver16KiBIsTooLargeWhetherDeclaredOrChunked() throws Exception {
        String big = "{\"text\":\"" + "x".repeat(17 * 1024) + "\"}";
        String token = tokenForNewAccount();

        assertThat(post("/posts", big, token).status).isEqualTo(413);
        HttpRequest chunked = HttpRequest.newBuilder(uri("/posts"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        HttpResponse<String> response = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aProtectedRouteWithoutAValidTokenIsUnauthorized() {
        Response missing = post("/posts", "{\"text\":\"hi\"}", null);
        Response garbage = post("/posts", "{\"text\":\"hi\"}", "not.a.token");

        for (Response response : List.of(missing, garbage)) {
            assertThat(response.status).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        }
    }

    @Test
    void aTokenWithoutTheNeededRoleIsForbidden() {
        String userToken = tokenForNewAccount();
        String adminToken = token("admin", "admin-secret-for-tests");

        assertThat(get("/admin/dead-letters", null).status).isEqualTo(401);
        assertThat(get("/admin/dead-letters", userToken).status).isEqualTo(403);
        assertThat(post("/admin/dead-letters/post-worker.commands.dlq/replay", "{}", userToken).status)
                .isEqualTo(403);
        assertThat(get("/admin/dead-letters", adminToken).status).isEqualTo(200);
        assertThat(post("/posts", "{\"text\":\"hi\"}", adminToken).status).isEqualTo(403);
    }

    @Test
    void anAdminAsksForAQueueThatIsNotADeadLetterQueueAndGets404() {
        String adminToken = token("admin", "admin-secret-for-tests");

        Response response = get("/admin/dead-letters/account-worker.commands", adminToken);

        assertThat(response.status).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void followingYourselfIsUnprocessable() {
        String username = "self_" + suffix();
        String accountId = insertAccount(username, "correct horse");
        String token = token(username, "correct horse");

        Response response = post("/accounts/me/following", "{\"accountId\":\"" + accountId + "\"}", token);

        assertThat(response.status).isEqualTo(422);
        assertThat(response.json.get("type").asText()).isEqualTo("urn:flock:problem:cannot-follow-self");
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeyReturnsTheSameCommandAndQueuesNothingMore() {
        String token = tokenForNewAccount();
        String key = "key-" + suffix();

        Response first = post("/posts", "{\"text\":\"once\"}", token, key);
        Response repeat = post("/posts", "{\"text\":\"once\"}", token, key);
        Response otherBody = post("/posts", "{\"text\":\"twice?\"}", token, key);
        Response otherCaller = post("/posts", "{\"text\":\"once\"}", tokenForNewAccount(), key);

        assertThat(repeat.status).isEqualTo(202);
        assertThat(repeat.json).isEqualTo(first.json);
        assertThat(otherBody.status).isEqualTo(422);
        assertThat(otherCaller.status).isEqualTo(202);
        assertThat(otherCaller.json.get("commandId")).isNotEqualTo(first.json.get("commandId"));
        assertThat(drain()).hasSize(2);
    }

    @Test
    void anIdempotencyKeyThatIsNotPrintableAsciiIsABadRequest() {
        Response response =
                post("/accounts", "{\"username\":\"key_1\",\"password\":\"correct horse\"}", null, "x".repeat(65));

        assertThat(response.status).isEqualTo(400);
        assertThat(fields(response)).containsExactly("Idempotency-Key");
    }

    @Test
    void aCommandNoQueueTakesIsRefusedWith503AndRetryAfter() {
        String token = tokenForNewAccount();
        admin.removeBinding(binding);

        Response response = post("/posts", "{\"text\":\"nobody listens\"}", token);

        assertThat(response.status).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void commandsOverTheAccountsLimitAreRefusedWith429() {
        String token = tokenForNewAccount();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(post("/posts", "{\"text\":\"post " + i + "\"}", token).status);
        }

        assertThat(statuses).containsExactly(202, 202, 202, 202, 202, 429);
        Response refused = post("/posts", "{\"text\":\"again\"}", token);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() {
        String username = "known_" + suffix();
        insertAccount(username, "correct horse");

        Response unknown = post("/auth/token", json(Map.of("username", "nobody_" + suffix(), "password", "x")), null);
        Response wrong = post("/auth/token", json(Map.of("username", username, "password", "wrong horse")), null);

        assertThat(unknown.status).isEqualTo(401);
        assertThat(wrong.status).isEqualTo(401);
        assertThat(wrong.json).isEqualTo(unknown.json);
    }

    @Test
    void repeatedFailedLoginsForAUsernameAreRefusedWith429() {
        String username = "victim_" + suffix();
        insertAccount(username, "correct horse");
        String wrong = json(Map.of("username", username, "password", "guess"));
        for (int i = 0; i < 5; i++) {
            assertThat(post("/auth/token", wrong, null).status).isEqualTo(401);
        }

        Response refused = post("/auth/token", json(Map.of("username", username, "password", "correct horse")), null);

        assertThat(refused.status).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotNull();
    }

    @Test
    void pagingParametersOutsideTheRulesAreABadRequest() {
        String accountId = insertAccount("pager_" + suffix(), "correct horse");

        assertThat(get("/accounts/" + accountId + "/posts?limit=0", null).status)
                .isEqualTo(400);
        assertThat(get("/accounts/" + accountId + "/posts?limit=101", null).status)
                .isEqualTo(400);
        assertThat(get("/accounts/" + accountId + "/posts?limit=ten", null).status)
                .isEqualTo(400);
        assertThat(get("/accounts/" + accountId + "/followers?before=%25%25", null).status)
                .isEqualTo(400);
        assertThat(get("/accounts/" + accountId + "/posts", null).status).isEqualTo(200);
    }

    @Test
    void unknownThingsAreNotFoundAsProblems() {
        for (String path : List.of("/accounts/nobody", "/accounts/by-username/nobody", "/posts/nothing", "/nowhere")) {
            Response response = get(path, null);
            assertThat(response.status).as(path).isEqualTo(404);
            assertThat(response.header("Content-Type")).as(path).isEqualTo("application/problem+json");
        }
    }

    @Test
    void onlyHealthIsExposedAmongActuatorEndpoints() throws Exception {
        assertThat(raw("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(raw("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(raw("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(raw("/actuator/beans").statusCode()).isEqualTo(404);
    }

    private String tokenForNewAccount() {
        String username = "user_" + suffix();
        insertAccount(username, "correct horse");
        return token(username, "correct horse");
    }

    /** As the account worker would have stored it. */
    private String insertAccount(String username, String password) {
        String id = UUID.randomUUID().toString();
        accounts.insert(
                new Document("_id", id)
                        .append("username", username)
                        .append("usernameKey", username.toLowerCase())
                        .append("passwordHash", passwords.hash(password))
                        .append("displayName", username)
                        .append("bio", "")
                        .append("createdAt", new java.util.Date()),
                "accounts");
        return id;
    }

    private String token(String username, String password) {
        Response response = post("/auth/token", json(Map.of("username", username, "password", password)), null);
        assertThat(response.status).as("login of %s", username).isEqualTo(200);
        assertThat(response.json.get("tokenType").asText()).isEqualTo("Bearer");
        return response.json.get("accessToken").asText();
    }

    private List<Message> drain() {
        List<Message> messages = new ArrayList<>();
        Message message;
        while ((message = rabbit.receive(commands.getName(), 500)) != null) {
            messages.add(message);
        }
        return messages;
    }

    private static List<String> fields(Response response) {
        List<String> fields = new ArrayList<>();
        response.json
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Response(int status, JsonNode json, HttpResponse<String> raw) {

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private Response get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token, null);
    }

    private Response post(String path, String body, String token) {
        return post(path, body, token, null);
    }

    private Response post(String path, String body, String token, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request, token, idempotencyKey);
    }

    private Response send(HttpRequest.Builder request, String token, String idempotencyKey) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() ? null : mapper.readTree(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> raw(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + "/api/v1" + path);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
