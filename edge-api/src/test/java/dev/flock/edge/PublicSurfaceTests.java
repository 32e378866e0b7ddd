package dev.flock.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.edge.EdgeClient.Response;
import dev.flock.testsupport.TestMongo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 10, findings 5 and 7, through the real server: what a client on the public port can reach and what it can
 * choose. The admin routes are configured on a port of their own, as in production. No broker: nothing here publishes
 * (the broker's port is one nothing listens on, so the shared test broker is never touched), MongoDB is embedded.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + EdgeApiApplication.NAME,
            "flock.admin.password=" + PublicSurfaceTests.ADMIN_PASSWORD,
            "flock.rate-limit.failed-logins-per-address=3"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@AutoConfigureObservability
class PublicSurfaceTests {

    static final String ADMIN_PASSWORD = "admin password for the public surface test";

    static final TestMongo mongo = TestMongo.start();

    static final int ADMIN_PORT = freePort();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", mongo::uri);
        registry.add("spring.rabbitmq.port", PublicSurfaceTests::freePort);
        registry.add("flock.admin.port", () -> ADMIN_PORT);
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    /**
     * Finding 5: without a configured proxy in front, the client's own address is its rate-limit identity. Last: it
     * uses up the failed logins of this client's address.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aClientCannotChooseItsRateLimitIdentityWithXForwardedFor() {
        EdgeClient edge = new EdgeClient(port);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpRequest.Builder login = HttpRequest.newBuilder(edge.uri("/auth/token"))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "192.0.2." + (i + 1))
                    .POST(HttpRequest.BodyPublishers.ofString(edge.json(Map.of(
                            "username",
                            "nobody_" + UUID.randomUUID().toString().substring(0, 8),
                            "password",
                            "guess"))));
            statuses.add(edge.send(login, null, null).status());
        }

        assertThat(statuses).containsExactly(401, 401, 401, 429);
    }

    /** Finding 7: the admin routes, the admin login and the admin API description are not on the public port. */
    @Test
    void theAdminRoutesAndTheAdminLoginAreNotServedOnThePublicPort() {
        EdgeClient publicPort = new EdgeClient(port);
        EdgeClient adminPort = new EdgeClient(ADMIN_PORT);
        String adminToken = adminPort.token("admin", ADMIN_PASSWORD);

        assertThat(publicPort.get("/admin/dead-letters", adminToken).status()).isEqualTo(404);
        assertThat(publicPort
                        .post(
                                "/auth/token",
                                publicPort.json(Map.of("username", "admin", "password", ADMIN_PASSWORD)),
                                null)
                        .status())
                .isEqualTo(401);
        // Served there: with no broker in this test, the dead-letter tools answer 503, not 404.
        assertThat(adminPort.get("/admin/dead-letters", adminToken).status()).isEqualTo(503);
    }

    @Test
    void thePublicApiDescriptionHasNoAdminRouteAndTheAdminPortServesThem() {
        EdgeClient publicPort = new EdgeClient(port);
        EdgeClient adminPort = new EdgeClient(ADMIN_PORT);

        Response publicDocs = publicPort.send(HttpRequest.newBuilder(publicPort.root("/v3/api-docs")), null, null);
        Response adminDocsOnPublicPort =
                publicPort.send(HttpRequest.newBuilder(publicPort.root("/v3/api-docs/admin")), null, null);
        Response adminDocs = adminPort.send(HttpRequest.newBuilder(adminPort.root("/v3/api-docs/admin")), null, null);

        assertThat(publicDocs.status()).isEqualTo(200);
        assertThat(publicDocs.json().get("paths").has("/api/v1/posts")).isTrue();
        assertThat(publicDocs.json().get("paths").toString()).doesNotContain("/api/v1/admin");
        assertThat(adminDocsOnPublicPort.status()).isEqualTo(404);
        assertThat(adminDocs.status()).isEqualTo(200);
        assertThat(adminDocs.json().get("paths").has("/api/v1/admin/dead-letters"))
                .isTrue();
    }

    /** Issue 13: metrics are for the operator's Prometheus, on the management port only; health is on both. */
    @Test
    void metricsAreServedOnTheManagementPortOnly() {
        EdgeClient publicPort = new EdgeClient(port);
        EdgeClient managementPort = new EdgeClient(this.managementPort);

        HttpResponse<String> metricsOnPublicPort = actuator(publicPort, "/actuator/prometheus");
        HttpResponse<String> metrics = actuator(managementPort, "/actuator/prometheus");

        assertThat(metricsOnPublicPort.statusCode()).isEqualTo(404);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("resilience4j_circuitbreaker_state", "flock_queue_consumers", "application=\"edge-api\"");
        assertThat(actuator(publicPort, "/actuator/health/liveness").statusCode())
                .isEqualTo(200);
        assertThat(actuator(managementPort, "/actuator/health/liveness").statusCode())
                .isEqualTo(200);
        assertThat(actuator(publicPort, "/actuator/health/liveness").body())
                .isEqualTo(actuator(managementPort, "/actuator/health/liveness").body());
    }

    private static HttpResponse<String> actuator(EdgeClient client, String path) {
        return client.send(HttpRequest.newBuilder(client.root(path)).build());
    }

    @Test
    void healthOnThePublicPortShowsNoDetails() {
        EdgeClient publicPort = new EdgeClient(port);

        Response health = publicPort.send(HttpRequest.newBuilder(publicPort.root("/actuator/health")), null, null);

        assertThat(health.json().toString()).doesNotContain("details", "version", "database", "localhost");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
