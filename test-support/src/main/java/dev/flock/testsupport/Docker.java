package dev.flock.testsupport;

import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers can run containers here. Asked once: the probe is slow when there is no engine. */
final class Docker {

    private static volatile Boolean available;

    private Docker() {}

    static boolean available() {
        if (available == null) {
            synchronized (Docker.class) {
                if (available == null) {
                    available = probe();
                }
            }
        }
        return available;
    }

    private static boolean probe() {
        String forced = System.getenv("FLOCK_TEST_DOCKER");
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
