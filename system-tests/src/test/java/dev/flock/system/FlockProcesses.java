package dev.flock.system;

import static org.awaitility.Awaitility.await;

import dev.flock.account.AccountWorkerApplication;
import dev.flock.edge.EdgeApiApplication;
import dev.flock.post.PostWorkerApplication;
import dev.flock.testsupport.GeneratedTestSecrets;
import dev.flock.testsupport.ServiceProcess;
import dev.flock.timeline.TimelineProjectorApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole of Flock as processes of their own, as {@code bin/flock up} runs them: the projector, two replicas of
 * each worker and the edge, each on a fixed port, so a test can SIGKILL any of them and start it again where it was.
 * The edge's signing secret is fixed too: tokens outlive a restart of the edge, as they do with {@code bin/flock}.
 */
final class FlockProcesses implements AutoCloseable {

    static final String EDGE = "edge-api";

    private record Service(ServiceProcess process, int port) {}

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param properties Spring Boot properties of every service (broker, MongoDB, and the like) */
    FlockProcesses(Map<String, String> properties, Map<String, String> edgeProperties) {
        // The projector first: its queue must exist before the first event is published.
        start("timeline-projector", TimelineProjectorApplication.class, properties);
        for (int replica = 1; replica <= 2; replica++) {
            start("account-worker-" + replica, AccountWorkerApplication.class, properties);
            start("post-worker-" + replica, PostWorkerApplication.class, properties);
        }
        Map<String, String> edge = new HashMap<>(properties);
        edge.put("flock.security.secret", GeneratedTestSecrets.newSecret());
        edge.putAll(edgeProperties);
        start(EDGE, EdgeApiApplication.class, edge);
        awaitReady();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + services.get(EDGE).port() + "/api/v1";
    }

    /** SIGKILL, then a start as a supervisor would do it; returns once the service is ready again. */
    void killAndRestart(String name) {
        ServiceProcess process = services.get(name).process();
        process.kill();
        process.start();
        awaitReady();
    }

    /** SIGKILL only. */
    void kill(String name) {
        services.get(name).process().kill();
    }

    void start(String name) {
        services.get(name).process().start();
    }

    /** Until every service answers its readiness probe UP (SPEC: a worker is ready when it consumes). */
    void awaitReady() {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .failFast("a Flock process exited (see target/processes/)", () -> !services.values().stream()
                        .allMatch(service -> service.process().isAlive()))
                .until(() -> services.values().stream().allMatch(service -> ready(service.port())));
    }

    private boolean ready(int port) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void start(String name, Class<?> application, Map<String, String> properties) {
        int port = freePort();
        Map<String, String> own = new HashMap<>(properties);
        own.put("server.port", String.valueOf(port));
        services.put(name, new Service(ServiceProcess.start(name, application, own), port));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // SIGTERM, the edge first: no new commands while the workers finish what they hold.
        services.keySet().stream()
                .sorted((a, b) -> a.equals(EDGE) ? -1 : b.equals(EDGE) ? 1 : 0)
                .forEach(name -> services.get(name).process().stop());
    }
}
