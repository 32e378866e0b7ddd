package dev.flock.deadletters;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.contracts.Topology;
import dev.flock.deadletters.QueueScan.Step;
import dev.flock.platform.publish.ConfirmedPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.amqp.core.Message;

/**
 * The operator's tools on the dead-letter queues: list, peek, replay, park. The edge's admin API and the
 * command-line tool (which works while the edge is down) call these; the work is done by {@link QueueScan},
 * {@link ReplayRun} and {@link ParkRun}, under the queue's broker-side {@link QueueLock}.
 *
 * <p>A replay or park considers only the messages present when it started (a snapshot of the queue's depth): a
 * replayed message that fails again lands behind them and waits for the next run. A crash between a copy's confirm
 * and the original's removal leaves the message in both places, which the consumers' idempotency makes harmless; a
 * crash at any other point leaves it in the dead-letter queue.
 */
public final class DeadLetterQueues {

    private final QueueScan scan;
    private final QueueDepths depths;
    private final QueueLock lock;
    private final ConfirmedPublisher publisher;
    private final Canary canary;
    private final DeadLetterProperties properties;
    private final ObjectMapper mapper;
    private final AuditLog audit = new AuditLog();

    DeadLetterQueues(
            QueueScan scan,
            QueueDepths depths,
            QueueLock lock,
            ConfirmedPublisher publisher,
            Canary canary,
            DeadLetterProperties properties,
            ObjectMapper mapper) {
        this.scan = scan;
        this.depths = depths;
        this.lock = lock;
        this.publisher = publisher;
        this.canary = canary;
        this.properties = properties;
        this.mapper = mapper;
    }

    /** @throws org.springframework.amqp.AmqpException when the broker cannot be reached */
    public List<QueueDepth> list(String operator) {
        List<QueueDepth> list = Topology.deadLetterQueues().stream()
                .map(queue -> new QueueDepth(queue, depths.depth(queue)))
                .toList();
        audit.record(operator, "list", "*", null, list);
        return list;
    }

    /** The oldest {@code limit} messages, left exactly as they were. */
    public List<DeadLetter> peek(String operator, String queue, int limit) {
        requireKnown(queue);
        List<DeadLetter> letters = new ArrayList<>();
        lock.holding(
                queue,
                () -> scan.scan(queue, limit, message -> {
                    letters.add(DeadLetter.of(message, mapper));
                    return Step.KEEP;
                }));
        audit.record(operator, "peek", queue, "limit=" + limit, letters.size() + " message(s)");
        return letters;
    }

    /** @throws QueueBusyException when another operation is working on {@code queue} */
    public ReplayReport replay(String operator, String queue, ReplayRequest request) {
        return replay(operator, queue, request, Progress.NONE);
    }

    /** As {@link #replay(String, String, ReplayRequest)}, telling {@code progress} after each message examined. */
    public ReplayReport replay(String operator, String queue, ReplayRequest request, Progress progress) {
        requireKnown(queue);
        if (request.canary() && queue.equals(Topology.deadLetterQueue(Topology.TIMELINE_PROJECTOR_EVENTS))) {
            throw new IllegalArgumentException("a canary needs a command queue: events have no status to wait for");
        }
        ReplayRun run = new ReplayRun(request, properties.maxReplays(), publisher, canary, mapper);
        ReplayReport report = lock.holding(queue, () -> run.report(scanAll(queue, run::visit, progress)));
        audit.record(operator, "replay", queue, request, report);
        return report;
    }

    /** Moves the matches to the queue's parking lot: out of the way, never deleted. */
    public ReplayReport park(String operator, String queue, DeadLetterFilter filter, boolean dryRun) {
        return park(operator, queue, filter, dryRun, Progress.NONE);
    }

    /** As {@link #park(String, String, DeadLetterFilter, boolean)}, telling {@code progress} after each message. */
    public ReplayReport park(
            String operator, String queue, DeadLetterFilter filter, boolean dryRun, Progress progress) {
        requireKnown(queue);
        ParkRun run = new ParkRun(Topology.parkingLot(queue), filter, dryRun, publisher, mapper);
        ReplayReport report = lock.holding(queue, () -> run.report(scanAll(queue, run::visit, progress)));
        audit.record(operator, "park", queue, filter + " dryRun=" + dryRun, report);
        return report;
    }

    /** Visits the queue's snapshot (its depth now), telling {@code progress} after each message. */
    private long scanAll(String queue, Function<Message, Step> visit, Progress progress) {
        long total = depths.depth(queue);
        long[] examined = {0};
        return scan.scan(queue, total, message -> {
            Step step = visit.apply(message);
            progress.examined(++examined[0], total);
            return step;
        });
    }

    private static void requireKnown(String queue) {
        if (!Topology.deadLetterQueues().contains(queue)) {
            throw new UnknownQueueException(queue);
        }
    }
}
