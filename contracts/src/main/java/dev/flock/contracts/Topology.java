package dev.flock.contracts;

import java.time.Duration;
import java.util.List;

/** Names of exchanges and queues, fixed by the SPEC; every service takes them from here. */
public final class Topology {

    /** Topic exchange for commands; the routing key is the command type. */
    public static final String COMMANDS_EXCHANGE = "flock.commands";

    /** Topic exchange for events; the routing key is the event type. */
    public static final String EVENTS_EXCHANGE = "flock.events";

    /** Dead-letter exchange of every work queue; the routing key is the work queue's name. */
    public static final String DEAD_LETTER_EXCHANGE = "flock.dlx";

    public static final String ACCOUNT_WORKER_COMMANDS = "account-worker.commands";
    public static final String POST_WORKER_COMMANDS = "post-worker.commands";
    public static final String TIMELINE_PROJECTOR_EVENTS = "timeline-projector.events";

    public static final String ACCOUNT_COMMANDS_PATTERN = "account.#";
    public static final String POST_COMMANDS_PATTERN = "post.#";

    /** Every work queue, in the order an operator would list them. */
    public static final List<String> WORK_QUEUES =
            List.of(ACCOUNT_WORKER_COMMANDS, POST_WORKER_COMMANDS, TIMELINE_PROJECTOR_EVENTS);

    private Topology() {}

    public static String deadLetterQueue(String workQueue) {
        return workQueue + ".dlq";
    }

    public static String parkingLot(String deadLetterQueue) {
        return deadLetterQueue + ".parking-lot";
    }

    /**
     * The queue where a message waits {@code delay} before it goes back to {@code workQueue}. The delay is part
     * of the name, so a changed back-off schedule declares new queues instead of clashing with the old ones.
     */
    public static String retryQueue(String workQueue, Duration delay) {
        return workQueue + ".retry." + delay.toMillis() + "ms";
    }

    public static List<String> deadLetterQueues() {
        return WORK_QUEUES.stream().map(Topology::deadLetterQueue).toList();
    }
}
