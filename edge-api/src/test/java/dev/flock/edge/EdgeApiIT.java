package dev.flock.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.contracts.Envelope;
import dev.flock.contracts.ReadModels.Accounts;
import dev.flock.contracts.ReadModels.Posts;
import dev.flock.edge.EdgeClient.Response;
import dev.flock.edge.auth.Passwords;
import dev.flock.platform.command.CommandLogs;
import dev.flock.platform.command.CommandOutcome;
import dev.flock.platform.message.MessageCodec;
import dev.flock.testsupport.TestInfrastructure;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The edge alone against the real broker: what it accepts, what it refuses and how. A test queue bound to
 * {@code flock.commands} stands where the workers' queues would be, so each accepted command can be inspected; where
 * a test needs a command applied, it plays the worker (see {@link #applyAsTheWorker}).
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

    @Autowired
    @Qualifier("postsDatabase")
    MongoTemplate posts;

    @Autowired
    MessageCodec codec;

    @Autowired
    CommandLogs commandLogs;

    private EdgeClient edge;
    private WorkerDocuments stored;
    private StandInQueue commands;

    @BeforeEach
    void standInForTheWorkers() {
        edge = new EdgeClient(port);
        stored = new WorkerDocuments(accounts, posts, passwords);
        commands = StandInQueue.declare(admin, rabbit);
    }

    @AfterEach
    void removeTheStandIn() {
        commands.close();
    }

    @Test
    void aRegistrationIsQueuedDurablyWithItsIdsAndWithoutThePlaintextPassword() throws Exception {
        Response response = edge.post("/accounts", "{\"username\":\"alice_1\",\"password\":\"correct horse\"}", null);

        assertThat(response.status()).isEqualTo(202);
        String commandId = response.json().get("commandId").asText();
        assertThat(response.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(response.header("Location")).isEqualTo("/api/v1/commands/" + commandId);
        Message queued = commands.receive(Duration.ofSeconds(5));
        assertThat(queued.getMessageProperties().getMessageId()).isEqualTo(commandId);
        assertThat(queued.getMessageProperties().getCorrelationId()).isEqualTo(commandId);
        assertThat(queued.getMessageProperties().getType()).isEqualTo("account.register");
        assertThat(queued.getMessageProperties().getContentType()).isEqualTo("application/json");
        assertThat(queued.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        String body = new String(queued.getBody());
        assertThat(body).doesNotContain("correct horse");
        JsonNode envelope = new ObjectMapper().readTree(body);
        assertThat(envelope.get("id").asText()).isEqualTo(commandId);
        assertThat(envelope.get("version").asInt()).isEqualTo(1);
        assertThat(envelope.get("actor").isNull()).isTrue();
        assertThat(envelope.at("/payload/accountId").asText())
                .isEqualTo(response.json().get("resourceId").asText());
        assertThat(envelope.at("/payload/passwordHash").asText()).startsWith("$2a$");
        assertThat(envelope.at("/payload/displayName").asText()).isEqualTo("alice_1");
    }

    @Test
    void aCommandIsPendingUntilAWorkerFinishesIt() {
        Response accepted = edge.post("/accounts", "{\"username\":\"pending_1\",\"password\":\"correct horse\"}", null);
        String commandId = accepted.json().get("commandId").asText();

        Response status = edge.get("/commands/" + commandId, null);

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(status.json().get("type").asText()).isEqualTo("account.register");
        assertThat(status.json().get("resourceId").asText())
                .isEqualTo(accepted.json().get("resourceId").asText());
        assertThat(Instant.parse(status.json().get("acceptedAt").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(status.json().has("completedAt")).isFalse();
    }

    /** The rule is in {@code PostControllerTests}; this is a body that declares no length, through the real server. */
    @Test
    void aChunkedBodyOver16KiBIsTooLarge() {
        String big = "{\"text\":\"" + "x".repeat(17 * 1024) + "\"}";
        HttpRequest chunked = HttpRequest.newBuilder(edge.uri("/posts"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokenForNewAccount())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();

        HttpResponse<String> response = edge.send(chunked);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void theAdminLoginGivesATokenForTheAdminRoutesOnly() {
        String adminToken = edge.token("admin", "admin-secret-for-tests");

        assertThat(edge.get("/admin/dead-letters", adminToken).status()).isEqualTo(200);
        assertThat(edge.post("/posts", "{\"text\":\"hi\"}", adminToken).status())
                .isEqualTo(403);
    }

    @Test
    void anAdminAsksForAQueueThatIsNotADeadLetterQueueAndGets404() {
        String adminToken = edge.token("admin", "admin-secret-for-tests");

        Response response = edge.get("/admin/dead-letters/account-worker.commands", adminToken);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void followingYourselfIsUnprocessable() {
        Caller caller = newCaller("self_");

        Response response =
                edge.post("/accounts/me/following", "{\"accountId\":\"" + caller.accountId() + "\"}", caller.token());

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("type").asText()).isEqualTo("urn:flock:problem:cannot-follow-self");
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeyReturnsTheSameCommandAndQueuesNothingMore() {
        String token = tokenForNewAccount();
        String key = "key-" + suffix();

        Response first = edge.post("/posts", "{\"text\":\"once\"}", token, key);
        Response repeat = edge.post("/posts", "{\"text\":\"once\"}", token, key);
        Response otherBody = edge.post("/posts", "{\"text\":\"twice?\"}", token, key);
        Response otherCaller = edge.post("/posts", "{\"text\":\"once\"}", tokenForNewAccount(), key);

        assertThat(repeat.status()).isEqualTo(202);
        assertThat(repeat.json()).isEqualTo(first.json());
        assertThat(otherBody.status()).isEqualTo(422);
        assertThat(otherCaller.status()).isEqualTo(202);
        assertThat(otherCaller.json().get("commandId"))
                .isNotEqualTo(first.json().get("commandId"));
        assertThat(commands.drain()).hasSize(2);
    }

    @Test
    void aCommandNoQueueTakesIsRefusedWith503AndRetryAfter() {
        String token = tokenForNewAccount();
        commands.unbind();

        Response response = edge.post("/posts", "{\"text\":\"nobody listens\"}", token);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void commandsOverTheAccountsLimitAreRefusedWith429() {
        String token = tokenForNewAccount();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(
                    edge.post("/posts", "{\"text\":\"post " + i + "\"}", token).status());
        }

        assertThat(statuses).containsExactly(202, 202, 202, 202, 202, 429);
        Response refused = edge.post("/posts", "{\"text\":\"again\"}", token);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() {
        String username = "known_" + suffix();
        stored.account(username, "correct horse");

        Response unknown =
                edge.post("/auth/token", edge.json(Map.of("username", "nobody_" + suffix(), "password", "x")), null);
        Response wrong =
                edge.post("/auth/token", edge.json(Map.of("username", username, "password", "wrong horse")), null);

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json()).isEqualTo(unknown.json());
    }

    @Test
    void repeatedFailedLoginsForAUsernameAreRefusedWith429() {
        String username = "victim_" + suffix();
        stored.account(username, "correct horse");
        String wrong = edge.json(Map.of("username", username, "password", "guess"));
        for (int i = 0; i < 5; i++) {
            assertThat(edge.post("/auth/token", wrong, null).status()).isEqualTo(401);
        }

        Response refused =
                edge.post("/auth/token", edge.json(Map.of("username", username, "password", "correct horse")), null);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotNull();
    }

    @Test
    void pagingParametersOutsideTheRulesAreABadRequest() {
        String accountId = stored.account("pager_" + suffix(), "correct horse");

        assertThat(edge.get("/accounts/" + accountId + "/posts?limit=0", null).status())
                .isEqualTo(400);
        assertThat(edge.get("/accounts/" + accountId + "/posts?limit=101", null).status())
                .isEqualTo(400);
        assertThat(edge.get("/accounts/" + accountId + "/posts?limit=ten", null).status())
                .isEqualTo(400);
        assertThat(edge.get("/accounts/" + accountId + "/followers?before=%25%25", null)
                        .status())
                .isEqualTo(400);
        assertThat(edge.get("/accounts/" + accountId + "/posts", null).status()).isEqualTo(200);
    }

    @Test
    void unknownThingsAreNotFoundAsProblems() {
        for (String path : List.of("/accounts/nobody", "/accounts/by-username/nobody", "/posts/nothing", "/nowhere")) {
            Response response = edge.get(path, null);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.header("Content-Type")).as(path).isEqualTo("application/problem+json");
        }
    }

    @Test
    void onlyHealthIsExposedAmongActuatorEndpoints() {
        assertThat(actuator("/actuator/health")).isEqualTo(200);
        assertThat(actuator("/actuator/health/liveness")).isEqualTo(200);
        assertThat(actuator("/actuator/env")).isEqualTo(404);
        assertThat(actuator("/actuator/beans")).isEqualTo(404);
    }

    @Test
    void aPostIsNotFoundAsSoonAsItsDeletionReadsApplied() {
        Caller author = newCaller("author_");
        String postId = stored.post(author.accountId(), author.username(), "soon gone");
        assertThat(edge.get("/posts/" + postId, null).status()).isEqualTo(200);

        applyAsTheWorker(
                edge.delete("/posts/" + postId, author.token()),
                command -> posts.updateFirst(
                        query(where("_id").is(postId)),
                        new Update()
                                .set(Posts.DELETED, true)
                                .set("deletedBy", command.id())
                                .set("deletedAt", command.occurredAt())
                                .unset(Posts.TEXT),
                        Posts.POSTS));

        Response read = edge.get("/posts/" + postId, null);
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void aProfileShowsItsUpdateAsSoonAsTheUpdateReadsApplied() {
        Caller caller = newCaller("profile_");
        String accountId = caller.accountId();
        String username = caller.username();
        assertThat(edge.get("/accounts/" + accountId, null)
                        .json()
                        .get("displayName")
                        .asText())
                .isEqualTo(username);
        assertThat(edge.get("/accounts/by-username/" + username, null)
                        .json()
                        .get("displayName")
                        .asText())
                .isEqualTo(username);

        Response accepted =
                edge.patch("/accounts/me", "{\"displayName\":\"New Name\",\"bio\":\"New bio\"}", caller.token());
        applyAsTheWorker(
                accepted,
                command -> accounts.updateFirst(
                        query(where("_id").is(accountId)),
                        new Update()
                                .set(Accounts.DISPLAY_NAME, "New Name")
                                .set("displayNameVersion", command.id())
                                .set(Accounts.BIO, "New bio")
                                .set("bioVersion", command.id()),
                        Accounts.ACCOUNTS));

        for (String path : new String[] {"/accounts/" + accountId, "/accounts/by-username/" + username}) {
            Response read = edge.get(path, null);
            assertThat(read.json().get("displayName").asText()).as(path).isEqualTo("New Name");
            assertThat(read.json().get("bio").asText()).as(path).isEqualTo("New bio");
        }
    }

    /**
     * Takes the accepted command off the queue, writes what its worker would, records it {@code APPLIED} in that
     * worker's command log, and returns once the edge reports it {@code APPLIED}.
     */
    private void applyAsTheWorker(Response accepted, Consumer<Envelope<?>> write) {
        assertThat(accepted.status()).isEqualTo(202);
        String commandId = accepted.json().get("commandId").asText();
        Envelope<?> command = codec.decode(commands.receive(Duration.ofSeconds(5)));
        assertThat(command.id()).isEqualTo(commandId);

        write.accept(command);
        commandLogs.of(command.type()).recordOutcome(command, CommandOutcome.applied());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(edge.get("/commands/" + commandId, null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("APPLIED"));
    }

    private int actuator(String path) {
        return edge.send(HttpRequest.newBuilder(edge.root(path)).build()).statusCode();
    }

    private record Caller(String accountId, String username, String token) {}

    /** A new account, stored as the account worker stores it, and logged in. */
    private Caller newCaller(String usernamePrefix) {
        String username = usernamePrefix + suffix();
        String accountId = stored.account(username, "correct horse");
        return new Caller(accountId, username, edge.token(username, "correct horse"));
    }

    private String tokenForNewAccount() {
        return newCaller("user_").token();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
