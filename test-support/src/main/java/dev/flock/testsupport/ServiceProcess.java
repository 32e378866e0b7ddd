package dev.flock.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Flock service in a JVM of its own, started from this test's classpath, as {@code bin/flock} runs them: for tests
 * that kill a process for real (SIGKILL), which no in-JVM test can. Its output goes to {@code target/processes/}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final List<String> JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final String name;
    private final Class<?> mainClass;
    private final Map<String, String> properties;
    private Process process;
    private int starts;

    private ServiceProcess(String name, Class<?> mainClass, Map<String, String> properties) {
        this.name = name;
        this.mainClass = mainClass;
        this.properties = Map.copyOf(properties);
    }

    /** @param properties Spring Boot properties, passed as command-line arguments */
    public static ServiceProcess start(String name, Class<?> mainClass, Map<String, String> properties) {
        ServiceProcess service = new ServiceProcess(name, mainClass, properties);
        service.start();
        return service;
    }

    /** Starts it again after it exited (as a supervisor such as systemd or Kubernetes would). */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Path logs = Files.createDirectories(Path.of("target", "processes"));
            Path log = logs.resolve(name + "-" + (++starts) + ".log");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many times it was started. */
    public synchronized int starts() {
        return starts;
    }

    /** SIGKILL: the process dies at once, with no shutdown hook, no graceful stop, nothing acknowledged. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** SIGTERM: the graceful stop a deployment does. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            awaitExit();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name + " to exit", e);
        }
    }

    @Override
    public void close() {
        kill();
    }
}
