package dev.flock.system;

import static org.awaitility.Awaitility.await;

import dev.flock.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/** The queues of a test's virtual host as the broker reports them ({@code rabbitmqctl list_queues}). */
final class BrokerQueues {

    private final TestInfrastructure infrastructure;

    BrokerQueues(TestInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
    }

    /** Ready and unacknowledged messages; a queue not declared (yet) holds none. */
    long messages(String queue) {
        return Long.parseLong(column("messages").getOrDefault(queue, "0"));
    }

    long unacknowledged(String queue) {
        return Long.parseLong(column("messages_unacknowledged").getOrDefault(queue, "0"));
    }

    long consumers(String queue) {
        return Long.parseLong(column("consumers").getOrDefault(queue, "0"));
    }

    /**
     * Waits until work queues and their back-off queues ({@code <queue>.retry.<delay>}) hold nothing, in hand or
     * waiting: the sign that every message ever routed to them has been dealt with, and nothing more will come of it.
     */
    void awaitDrained(String... workQueues) {
        await().atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> column("messages").entrySet().stream()
                        .filter(queue -> Arrays.stream(workQueues)
                                .anyMatch(workQueue -> queue.getKey().equals(workQueue)
                                        || queue.getKey().startsWith(workQueue + ".retry.")))
                        .allMatch(queue -> queue.getValue().equals("0")));
    }

    private Map<String, String> column(String column) {
        return infrastructure.broker().queues(infrastructure.virtualHost(), column);
    }
}
