package dev.flock.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The three-node RabbitMQ cluster of {@code bin/flock cluster}, each node in a network namespace of its own, driven
 * through that script: the suite fails the way an operator's drill would, with the same commands. Started fresh
 * (empty data) and removed at the end, unless {@code -Dflock.cluster.keep=true}.
 */
final class RabbitCluster implements AutoCloseable {

    static final int NODES = 3;

    private final Path script;
    private final Properties credentials = new Properties();
    private final String addresses;

    private RabbitCluster(Path script) {
        this.script = script;
        run("up");
        try (var reader =
                Files.newBufferedReader(Path.of(run("credentials-file").strip()))) {
            credentials.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.addresses = run("addresses").strip();
    }

    static RabbitCluster up() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.isExecutable(directory.resolve("bin/flock-cluster"))) {
            directory = directory.getParent();
        }
        if (directory == null) {
            throw new IllegalStateException(
                    "bin/flock-cluster not found above " + Path.of("").toAbsolutePath());
        }
        return new RabbitCluster(directory.resolve("bin/flock-cluster"));
    }

    /** What {@code SPRING_RABBITMQ_ADDRESSES} is set to: all three nodes, so a client can move to another. */
    Map<String, String> springProperties() {
        return Map.of(
                "spring.rabbitmq.addresses", addresses,
                "spring.rabbitmq.username", credentials.getProperty("FLOCK_CLUSTER_USER"),
                "spring.rabbitmq.password", credentials.getProperty("FLOCK_CLUSTER_PASSWORD"));
    }

    String addresses() {
        return addresses;
    }

    String username() {
        return credentials.getProperty("FLOCK_CLUSTER_USER");
    }

    String password() {
        return credentials.getProperty("FLOCK_CLUSTER_PASSWORD");
    }

    /** SIGKILL: the node dies with whatever it held in memory. */
    void kill(int node) {
        run("kill", String.valueOf(node));
    }

    /** Starts a node again on its data and waits until it runs (not until it rejoined: see {@link #awaitFormed}). */
    void start(int node) {
        run("start", String.valueOf(node));
    }

    /** A graceful stop and start, as an upgrade does, waiting until the three form one cluster again. */
    void restart(int node) {
        run("restart", String.valueOf(node));
    }

    /** Takes the node's network link down: it is alone, the other two together. */
    void cut(int node) {
        run("cut", String.valueOf(node));
    }

    void heal(int node) {
        run("heal", String.valueOf(node));
    }

    /** Until each of the three sees all three running and none is quorum-critical (bin/flock-cluster await). */
    void awaitFormed() {
        run("await", "300");
    }

    /** Closes every client connection on every node, as {@code rabbitmqctl close_all_connections} does. */
    void closeAllConnections() {
        for (int node = 1; node <= NODES; node++) {
            ctl(node, "close_all_connections", "--global", "reliability suite: all connections dropped");
        }
    }

    /**
     * Whether {@code observer} counts {@code node} among the running ones. A count of two is no proof that a cut node
     * was given up: in the full run of 2026-11-28, the leader-node cut of scenario 2 was healed after seconds,
     * before distribution noticed it (no net_tick_timeout in any log, no 503), the count having reached two some
     * other way just after the first heal.
     */
    boolean seesRunning(int observer, int node) {
        String suffix = ".1" + node;
        return Boolean.parseBoolean(ctl(
                        observer,
                        "eval",
                        "lists:any(fun(N) -> lists:suffix(\"" + suffix
                                + "\", atom_to_list(N)) end, rabbit_nodes:all_running()).")
                .strip());
    }

    /**
     * Whether the node paused itself ({@code pause_minority}: its {@code rabbit} application stopped while it waits
     * for a majority). Asked from inside its namespace, so it answers while cut off.
     */
    boolean paused(int node) {
        return "false".equals(ctl(node, "eval", "rabbit:is_running().").strip());
    }

    /** The node (1 to 3) that hosts a quorum queue's leader, asked of {@code askedNode}. */
    int leaderOf(String queue, int askedNode) {
        String leader = listQueues(askedNode, "leader").get(queue);
        if (leader == null) {
            throw new IllegalStateException("no queue " + queue);
        }
        for (int node = 1; node <= NODES; node++) {
            if (leader.strip().endsWith(".1" + node)) {
                return node;
            }
        }
        throw new IllegalStateException("leader of " + queue + " is " + leader);
    }

    /**
     * One column of {@code list_queues} of the default virtual host, by queue name, from the first node that
     * answers (a paused or cut-off node does not).
     */
    Map<String, String> queues(String column) {
        IllegalStateException last = null;
        for (int node = 1; node <= NODES; node++) {
            try {
                return listQueues(node, column);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private Map<String, String> listQueues(int node, String column) {
        Map<String, String> values = new TreeMap<>();
        ctl(node, "--quiet", "list_queues", "--no-table-headers", "--timeout", "20", "name", column)
                .lines()
                .map(line -> line.split("\t", -1))
                .filter(columns -> columns.length == 2)
                .forEach(columns -> values.put(columns[0], columns[1]));
        return values;
    }

    /** {@code rabbitmqctl} against one node, from inside its namespace. */
    String ctl(int node, String... arguments) {
        List<String> command = new ArrayList<>(List.of("ctl", String.valueOf(node)));
        command.addAll(List.of(arguments));
        return run(command.toArray(String[]::new));
    }

    /**
     * Keeps the nodes' logs in {@code target/reliability/cluster-logs} before the cluster goes: a failed run is
     * explained by what the nodes logged, and {@code down} removes their data directories.
     */
    @Override
    public void close() {
        keepLogs(Path.of("target", "reliability", "cluster-logs"));
        if (!Boolean.getBoolean("flock.cluster.keep")) {
            run("down");
        }
    }

    private void keepLogs(Path target) {
        Path var = Path.of(run("credentials-file").strip()).getParent();
        for (int node = 1; node <= NODES; node++) {
            Path logs = var.resolve("node" + node).resolve("log");
            if (!Files.isDirectory(logs)) {
                continue;
            }
            try (var files = Files.list(logs)) {
                Path copies = Files.createDirectories(target.resolve("node" + node));
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, copies.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                System.err.println("could not keep the logs of node " + node + ": " + e);
            }
        }
    }

    private String run(String... arguments) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(6, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited " + process.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
