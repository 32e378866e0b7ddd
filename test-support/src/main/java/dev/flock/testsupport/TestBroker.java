package dev.flock.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.RabbitMQContainer;

/**
 * The RabbitMQ the tests run against: the one reachable on {@code localhost:5672} (as on Flock's CI machines),
 * else one started by Testcontainers. Each test context gets a virtual host of its own, so tests never see a
 * running local stack's messages, nor each other's. There is no fallback to a fake: no broker, no test run.
 */
public final class TestBroker {

    private static final String HOST = env("FLOCK_TEST_RABBITMQ_HOST", "localhost");
    private static final int PORT = Integer.parseInt(env("FLOCK_TEST_RABBITMQ_PORT", "5672"));
    private static final String USER = env("FLOCK_TEST_RABBITMQ_USERNAME", "guest");
    private static final String PASSWORD = env("FLOCK_TEST_RABBITMQ_PASSWORD", "guest");

    private static TestBroker instance;

    private final String host;
    private final int port;
    private final RabbitMQContainer container;
    private final List<String> virtualHosts = new ArrayList<>();

    private TestBroker(String host, int port, RabbitMQContainer container) {
        this.host = host;
        this.port = port;
        this.container = container;
        Runtime.getRuntime().addShutdownHook(new Thread(this::deleteVirtualHosts, "test-broker-cleanup"));
    }

    public static synchronized TestBroker get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestBroker start() {
        if (reachable(HOST, PORT)) {
            return new TestBroker(HOST, PORT, null);
        }
        if (Docker.available()) {
            RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4.1-management");
            container.start();
            return new TestBroker(container.getHost(), container.getAmqpPort(), container);
        }
        throw new IllegalStateException("No RabbitMQ for the tests: nothing listens on " + HOST + ":" + PORT
                + " and no Docker engine is available for Testcontainers. Start one (rabbitmq-server -detached).");
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String username() {
        return container == null ? USER : container.getAdminUsername();
    }

    public String password() {
        return container == null ? PASSWORD : container.getAdminPassword();
    }

    /** A new, empty virtual host the test user may use fully; deleted when the JVM exits. */
    public synchronized String newVirtualHost() {
        String name = "flock-test-" + UUID.randomUUID().toString().substring(0, 8);
        rabbitmqctl("add_vhost", name);
        rabbitmqctl("set_permissions", "-p", name, username(), ".*", ".*", ".*");
        virtualHosts.add(name);
        return name;
    }

    /** Spring Boot properties that point a service at this broker and virtual host. */
    public Map<String, String> springProperties(String virtualHost) {
        return Map.of(
                "spring.rabbitmq.host", host,
                "spring.rabbitmq.port", String.valueOf(port),
                "spring.rabbitmq.username", username(),
                "spring.rabbitmq.password", password(),
                "spring.rabbitmq.virtual-host", virtualHost);
    }

    /**
     * Raises a memory alarm on the whole broker (every publishing connection is blocked, consumers go on) until the
     * result is closed, which puts the configured watermark back and waits until the alarm is gone. Use it in a
     * try-with-resources block, so that a failing test cannot leave the broker blocked for the tests after it.
     */
    public AutoCloseable memoryAlarm() {
        String configured = rabbitmqctl("eval", "vm_memory_monitor:get_vm_memory_high_watermark().")
                .strip();
        Thread restore = new Thread(() -> setWatermark(configured), "restore-memory-watermark");
        Runtime.getRuntime().addShutdownHook(restore);
        rabbitmqctl("set_vm_memory_high_watermark", "0.0000001");
        await().atMost(Duration.ofSeconds(30)).until(this::memoryAlarmRaised);
        return () -> {
            setWatermark(configured);
            Runtime.getRuntime().removeShutdownHook(restore);
            await().atMost(Duration.ofSeconds(30)).until(() -> !memoryAlarmRaised());
        };
    }

    private void setWatermark(String watermark) {
        if (watermark.startsWith("{absolute,")) {
            rabbitmqctl("set_vm_memory_high_watermark", "absolute", watermark.replaceAll("\\D", ""));
        } else {
            rabbitmqctl("set_vm_memory_high_watermark", watermark);
        }
    }

    private boolean memoryAlarmRaised() {
        return rabbitmqctl("eval", "rabbit_alarm:get_alarms().").contains("memory");
    }

    /**
     * One column of {@code rabbitmqctl list_queues} for every queue of a virtual host, by queue name: e.g.
     * {@code messages} (ready and unacknowledged), {@code consumers}, {@code messages_unacknowledged}.
     */
    public Map<String, String> queues(String virtualHost, String column) {
        Map<String, String> values = new TreeMap<>();
        rabbitmqctl("list_queues", "-p", virtualHost, "--no-table-headers", "name", column)
                .lines()
                .map(line -> line.split("\t", -1))
                .filter(columns -> columns.length == 2)
                .forEach(columns -> values.put(columns[0], columns[1]));
        return values;
    }

    /** Runs {@code rabbitmqctl} against this broker, e.g. to close every client connection in a fault test. */
    public String rabbitmqctl(String... arguments) {
        try {
            return container == null ? runLocally(arguments) : runInContainer(arguments);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "rabbitmqctl " + String.join(" ", arguments) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String runLocally(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(env("FLOCK_TEST_RABBITMQCTL", "rabbitmqctl"));
        command.add("--quiet");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("exit " + process.exitValue() + ": " + output.strip());
        }
        return output;
    }

    private String runInContainer(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Container.ExecResult result = container.execInContainer(command);
        if (result.getExitCode() != 0) {
            throw new IOException("exit " + result.getExitCode() + ": " + result.getStderr());
        }
        return result.getStdout();
    }

    private synchronized void deleteVirtualHosts() {
        for (String virtualHost : virtualHosts) {
            try {
                rabbitmqctl("delete_vhost", virtualHost);
            } catch (RuntimeException e) {
                System.err.println("could not delete test virtual host " + virtualHost + ": " + e.getMessage());
            }
        }
    }

    static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
