package dev.flock.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A redis-server of the suite's own, on a free port, keeping nothing on disk (as production's timelines cache may
 * lose everything): the suite restarts it, which must not empty the Redis that other tests and a local stack share.
 */
final class SuiteRedis implements AutoCloseable {

    private final int port;
    private Process process;

    private SuiteRedis(int port) {
        this.port = port;
    }

    static SuiteRedis start() {
        SuiteRedis redis = new SuiteRedis(FlockProcesses.freePort());
        redis.startServer();
        return redis;
    }

    /** The Spring Boot properties that point a service at it. */
    Map<String, String> springProperties() {
        return Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", String.valueOf(port));
    }

    /** SIGKILL: everything it held is gone, as after a crash of a Redis without persistence. */
    void kill() {
        process.destroyForcibly();
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    /** Starts it again, empty, on the same port; returns once it accepts connections. */
    void startServer() {
        try {
            Path log = Path.of("target", "processes", "redis-" + port + ".log");
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(List.of(
                            "redis-server",
                            "--port",
                            String.valueOf(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not be started (is it installed?)", e);
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .failFast("redis-server exited", () -> !process.isAlive())
                .until(this::accepts);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
