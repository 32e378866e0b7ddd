package dev.flock.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.edge.EdgeClient.Response;
import dev.flock.testsupport.FaultyLink;
import dev.flock.testsupport.TestBroker;
import dev.flock.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How a command fares when the broker is slow, hung or blocking publishers (SPEC: no confirm within the timeout is a
 * {@code 503} with {@code Retry-After}, and nothing was accepted). The edge reaches the broker through a
 * {@link FaultyLink}; memory alarms are raised on the real broker and always cleared again.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + EdgeApiApplication.NAME,
            "flock.rate-limit.enabled=false",
            "flock.publish.confirm-timeout=" + BrokerFaultsIT.CONFIRM_TIMEOUT_SECONDS + "s",
            "server.tomcat.threads.max=" + BrokerFaultsIT.REQUEST_THREADS,
            "server.tomcat.threads.min-spare=1"
        })
class BrokerFaultsIT {

    /** Shorter than the production 5 s, so that waiting for it keeps the test short. */
    static final int CONFIRM_TIMEOUT_SECONDS = 3;

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(CONFIRM_TIMEOUT_SECONDS);

    /** Few request threads, so that commands waiting for confirms could hold all of them. */
    static final int REQUEST_THREADS = 4;

    /** The broker's configured memory watermark, which every alarm test puts back. */
    private static final String CONFIGURED_WATERMARK = "0.4";

    static final TestInfrastructure infrastructure = TestInfrastructure.startWithFaultyLinks();

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
    MeterRegistry meters;

    private EdgeClient edge;
    private StandInQueue commands;

    @BeforeEach
    void connectedAndAccepting() {
        edge = new EdgeClient(port);
        commands = StandInQueue.declare(admin, rabbit);
        // The edge holds an open publisher connection, as it does once it has served a command.
        assertThat(register().response().status()).isEqualTo(202);
    }

    @AfterEach
    void endEveryFault() {
        try {
            infrastructure.restoreLinks();
        } finally {
            commands.close();
        }
    }

    @Test
    void aCommandTheBrokerNeverConfirmsIsRefusedWith503OnceTheConfirmTimeoutPassed() {
        infrastructure.brokerLink().freeze();

        Timed refused = register();

        assertRefusedForNow(refused.response());
        assertThat(refused.took()).isGreaterThanOrEqualTo(CONFIRM_TIMEOUT);
    }

    @Test
    void commandsWaitingForTheirConfirmsHoldNoRequestThreadSoOtherRequestsAreServed() throws Exception {
        infrastructure.brokerLink().freeze();
        int commands = REQUEST_THREADS * 2;
        ExecutorService clients = Executors.newFixedThreadPool(commands);
        try {
            List<Future<Timed>> waiting = new ArrayList<>();
            for (int i = 0; i < commands; i++) {
                waiting.add(clients.submit(this::register));
            }
            // All of them in the edge at once, more than it has request threads.
            await().atMost(CONFIRM_TIMEOUT.dividedBy(2))
                    .untilAsserted(() -> assertThat(requestsInFlight()).isGreaterThanOrEqualTo(commands));

            long start = System.nanoTime();
            HttpResponse<String> liveness = edge.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/liveness"))
                            .build());

            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CONFIRM_TIMEOUT.dividedBy(2));
            assertThat(waiting).noneMatch(Future::isDone);
            for (Future<Timed> command : waiting) {
                assertRefusedForNow(command.get().response());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aCommandOverASlowLinkIsAcceptedWhenTheConfirmArrivesWithinTheTimeout() {
        Duration oneWay = Duration.ofMillis(400);
        infrastructure.brokerLink().delay(oneWay);

        Timed accepted = register();

        assertThat(accepted.response().status()).isEqualTo(202);
        // The command went to the broker and its confirm came back: both crossed the slow link.
        assertThat(accepted.took()).isGreaterThanOrEqualTo(oneWay.multipliedBy(2));
    }

    @Test
    void whileTheBrokerBlocksPublishersACommandIsRefusedWithoutWaitingForTheConfirmTimeout() {
        try {
            raiseMemoryAlarm();

            // The broker tells a connection it is blocked when it publishes: the first command may still wait.
            awaitCommandsRefusedAtOnce();
        } finally {
            clearMemoryAlarm();
        }
    }

    @Test
    void aConnectionClosedWhileBlockedNoLongerBlocksCommandsOnceTheAlarmIsOver() {
        try {
            raiseMemoryAlarm();
            awaitCommandsRefusedAtOnce();

            broker().rabbitmqctl("close_all_connections", "-p", infrastructure.virtualHost(), "test");
        } finally {
            clearMemoryAlarm();
        }

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(register().response().status()).isEqualTo(202));
    }

    private double requestsInFlight() {
        LongTaskTimer active = meters.find("http.server.requests.active").longTaskTimer();
        return active == null ? 0 : active.activeTasks();
    }

    private record Timed(Response response, Duration took) {}

    /** Registration: a command that needs no token. */
    private Timed register() {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        Response response =
                edge.post("/accounts", "{\"username\":\"" + username + "\",\"password\":\"correct horse\"}", null);
        return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
    }

    private void awaitCommandsRefusedAtOnce() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Timed refused = register();
            assertRefusedForNow(refused.response());
            assertThat(refused.took()).isLessThan(CONFIRM_TIMEOUT);
        });
    }

    private static void assertRefusedForNow(Response response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(503);
        // Not confirmed is not "not taken" (a lost confirm): the client is told to repeat it safely.
        assertThat(response.json().get("detail").asText())
                .contains("not confirmed")
                .contains("same Idempotency-Key");
    }

    /** Any memory in use is over this watermark: the broker blocks every publishing connection. */
    private static void raiseMemoryAlarm() {
        broker().rabbitmqctl("set_vm_memory_high_watermark", "0.0000001");
    }

    private static void clearMemoryAlarm() {
        broker().rabbitmqctl("set_vm_memory_high_watermark", CONFIGURED_WATERMARK);
    }

    private static TestBroker broker() {
        return infrastructure.broker();
    }
}
