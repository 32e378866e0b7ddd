package dev.flock.system;

import static org.awaitility.Awaitility.await;

import dev.flock.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/** The queues of a test's virtual host as the broker reports them ({@code rabbitmqctl list_queues}). */
final class BrokerQueues {

    /** One column of {@code list_queues} by queue name. */
    private final Function<String, Map<String, String>> columns;

    BrokerQueues(TestInfrastructure infrastructure) {
        this(column -> infrastructure.broker().queues(infrastructure.virtualHost(), column));
    }

    BrokerQueues(Function<String, Map<String, String>> columns) {
        this.columns = columns;
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
        awaitDrained(Duration.ofSeconds(60), workQueues);
    }

    void awaitDrained(Duration atMost, String... workQueues) {
        await().atMost(atMost)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> column("messages").entrySet().stream()
                        .filter(queue -> Arrays.stream(workQueues)
                                .anyMatch(workQueue -> queue.getKey().equals(workQueue)
                                        || queue.getKey().startsWith(workQueue + ".retry.")))
                        .allMatch(queue -> queue.getValue().equals("0")));
    }

    private Map<String, String> column(String column) {
        return columns.apply(column);
    }
}
