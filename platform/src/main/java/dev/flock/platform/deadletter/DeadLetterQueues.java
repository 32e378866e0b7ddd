package dev.flock.platform.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.flock.contracts.FlockHeaders;
import dev.flock.contracts.Topology;
import dev.flock.platform.message.Messages;
import dev.flock.platform.publish.ConfirmedPublisher;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * The operator's tools on the dead-letter queues: list, peek, replay, park. Used by the edge's admin API and by the
 * command-line tool, which works while the edge is down.
 *
 * <p>Every operation reads the queue with unacknowledged {@code basic.get}s. A message it leaves alone goes back,
 * when the operation ends, to its place (classic queues requeue in place, without counting a delivery), so reading
 * changes nothing and non-matching messages keep their order. A message moved elsewhere is published there with a
 * confirm first and acknowledged (removed) after. A crash in between leaves it in both places, and the consumers'
 * idempotency makes the second copy harmless; a crash at any other point leaves it in the dead-letter queue.
 *
 * <p>An operation considers only the messages present when it started (a snapshot of the queue's depth): a replayed
 * message that fails again lands behind them and waits for the next run.
 */
public final class DeadLetterQueues {

    private static final Logger audit = LoggerFactory.getLogger("flock.audit");

    /** Headers describing the last failure: a replayed message starts its attempts afresh. */
    private static final List<String> FAILURE_HEADERS = List.of(
            FlockHeaders.ATTEMPTS,
            FlockHeaders.REASON,
            FlockHeaders.EXCEPTION,
            FlockHeaders.EXCEPTION_MESSAGE,
            FlockHeaders.DEAD_LETTERED_AT,
            "x-death",
            "x-first-death-exchange",
            "x-first-death-queue",
            "x-first-death-reason",
            "x-last-death-exchange",
            "x-last-death-queue",
            "x-last-death-reason");

    private final RabbitTemplate template;
    private final ConfirmedPublisher publisher;
    private final ObjectMapper mapper;
    private final DeadLetterProperties properties;
    private final CommandStatusCheck statuses;
    private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public DeadLetterQueues(
            RabbitTemplate template,
            ConfirmedPublisher publisher,
            ObjectMapper mapper,
            DeadLetterProperties properties,
            CommandStatusCheck statuses) {
        this.template = template;
        this.publisher = publisher;
        this.mapper = mapper;
        this.properties = properties;
        this.statuses = statuses;
    }

    public List<QueueDepth> list(String operator) {
        List<QueueDepth> depths = Topology.deadLetterQueues().stream()
                .map(queue -> new QueueDepth(queue, depth(queue)))
                .toList();
        audit.info("operator={} operation=list -> {}", operator, depths);
        return depths;
    }

    /** The oldest {@code limit} messages, left exactly as they were. */
    public List<DeadLetter> peek(String operator, String queue, int limit) {
        requireKnown(queue);
        List<DeadLetter> letters = new ArrayList<>();
        scan(queue, limit, message -> {
            letters.add(DeadLetter.of(message, mapper));
            return Step.KEEP;
        });
        audit.info(
                "operator={} operation=peek queue={} limit={} -> {} message(s)",
                operator,
                queue,
                limit,
                letters.size());
        return letters;
    }

    public ReplayReport replay(String operator, String queue, ReplayRequest request) {
        requireKnown(queue);
        if (request.canary() && queue.equals(Topology.deadLetterQueue(Topology.TIMELINE_PROJECTOR_EVENTS))) {
            throw new IllegalArgumentException("a canary needs a command queue: events have no status to wait for");
        }
        Replay replay = new Replay(queue, request);
        long left = exclusively(queue, () -> scan(queue, depth(queue), replay::visit));
        ReplayReport report = new ReplayReport(
                replay.matched, replay.replayed, replay.skipped, left, request.dryRun(), replay.canary, replay.aborted);
        audit.info("operator={} operation=replay queue={} request={} -> {}", operator, queue, request, report);
        return report;
    }

    /** Moves the matches to the queue's parking lot: out of the way, never deleted. */
    public ReplayReport park(String operator, String queue, DeadLetterFilter filter, boolean dryRun) {
        requireKnown(queue);
        int[] counts = new int[2];
        long left = exclusively(
                queue,
                () -> scan(queue, depth(queue), message -> {
                    if (!filter.matches(DeadLetter.of(message, mapper))) {
                        return Step.KEEP;
                    }
                    counts[0]++;
                    if (dryRun) {
                        return Step.KEEP;
                    }
                    publisher.publishRouted("", Topology.parkingLot(queue), message);
                    counts[1]++;
                    return Step.REMOVE;
                }));
        ReplayReport report = new ReplayReport(counts[0], dryRun ? counts[0] : counts[1], 0, left, dryRun, null, null);
        audit.info(
                "operator={} operation=park queue={} filter={} dryRun={} -> {}",
                operator,
                queue,
                filter,
                dryRun,
                report);
        return report;
    }

    public long depth(String queue) {
        try {
            Long count = template.execute(
                    channel -> (long) channel.queueDeclarePassive(queue).getMessageCount());
            return count == null ? 0 : count;
        } catch (RuntimeException e) {
            return 0; // not declared yet: its service has never run
        }
    }

    private static void requireKnown(String queue) {
        if (!Topology.deadLetterQueues().contains(queue)) {
            throw new UnknownQueueException(queue);
        }
    }

    private long exclusively(String queue, LongSupplier operation) {
        ReentrantLock lock = locks.computeIfAbsent(queue, ignored -> new ReentrantLock());
        lock.lock();
        try {
            return operation.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    private enum Step {
        /** Leave it where it is. */
        KEEP,
        /** It was moved: remove it. */
        REMOVE,
        /** Remove it and stop. */
        REMOVE_AND_STOP
    }

    /**
     * Visits at most {@code max} messages from the head of the queue (see the class comment).
     *
     * @return the queue's depth afterwards, including the messages put back
     */
    private long scan(String queue, long max, Function<Message, Step> visitor) {
        Long left = template.execute(channel -> {
            List<Long> kept = new ArrayList<>();
            Long current = null;
            try {
                for (long seen = 0; seen < max; seen++) {
                    GetResponse response = channel.basicGet(queue, false);
                    if (response == null) {
                        break;
                    }
                    current = response.getEnvelope().getDeliveryTag();
                    Step step = visitor.apply(toMessage(response));
                    if (step == Step.KEEP) {
                        kept.add(current);
                    } else {
                        channel.basicAck(current, false);
                    }
                    current = null;
                    if (step == Step.REMOVE_AND_STOP) {
                        break;
                    }
                }
            } finally {
                if (current != null) {
                    kept.add(current);
                }
                requeue(channel, kept);
            }
            return depthCounting(channel, queue, kept.size());
        });
        return left == null ? 0 : left;
    }

    /**
     * The broker counts a requeued message only once its queue has processed the requeue, which is not ordered with
     * a depth query: wait (briefly) until the depth includes the messages just put back.
     */
    private static long depthCounting(Channel channel, String queue, int requeued) throws IOException {
        Instant deadline = Instant.now().plusSeconds(2);
        long depth = channel.queueDeclarePassive(queue).getMessageCount();
        while (depth < requeued && Instant.now().isBefore(deadline)) {
            pause(Duration.ofMillis(10));
            depth = channel.queueDeclarePassive(queue).getMessageCount();
        }
        return depth;
    }

    private static void requeue(Channel channel, List<Long> tags) throws IOException {
        for (long tag : tags) {
            channel.basicNack(tag, false, true);
        }
    }

    private Message toMessage(GetResponse response) {
        return new Message(
                response.getBody(),
                converter.toMessageProperties(response.getProps(), response.getEnvelope(), "UTF-8"));
    }

    /** One replay run: its counters, and what to do with each message. */
    private final class Replay {

        private final String queue;
        private final ReplayRequest request;
        private final Bucket pace;
        private int matched;
        private int replayed;
        private int skipped;
        private ReplayReport.Canary canary;
        private String aborted;

        Replay(String queue, ReplayRequest request) {
            this.queue = queue;
            this.request = request;
            this.pace = request.ratePerSecond() == null
                    ? null
                    : Bucket.builder()
                            .addLimit(limit -> limit.capacity(1)
                                    .refillGreedy(1, Duration.ofNanos((long) (1e9 / request.ratePerSecond()))))
                            .build();
        }

        Step visit(Message message) {
            DeadLetter letter = DeadLetter.of(message, mapper);
            if (!request.filter().matches(letter)) {
                return Step.KEEP;
            }
            matched++;
            if (aborted != null || (request.limit() != null && replayed >= request.limit())) {
                return Step.KEEP;
            }
            if (!letter.replayable() || (letter.replays() >= properties.maxReplays() && !request.force())) {
                skipped++;
                return Step.KEEP;
            }
            replayed++;
            if (request.dryRun()) {
                return Step.KEEP;
            }
            awaitPace();
            publisher.publishRouted(letter.exchange(), letter.routingKey(), replayCopy(message, letter));
            if (request.canary() && replayed == 1 && !canaryApplied(letter.messageId())) {
                return Step.REMOVE_AND_STOP;
            }
            return Step.REMOVE;
        }

        private boolean canaryApplied(String messageId) {
            Instant deadline = Instant.now().plus(properties.canaryTimeout());
            Optional<String> status = Optional.empty();
            while (Instant.now().isBefore(deadline)) {
                status = statuses.status(queue, messageId);
                if (status.isPresent() && !status.get().equals("PENDING")) {
                    break;
                }
                pause(Duration.ofMillis(200));
            }
            canary = new ReplayReport.Canary(messageId, status.orElse("PENDING"));
            if (!canary.status().equals("APPLIED")) {
                aborted = "canary " + messageId + " ended " + canary.status() + " (not APPLIED within "
                        + properties.canaryTimeout().toSeconds() + "s); nothing else was replayed";
                return false;
            }
            return true;
        }

        private void awaitPace() {
            if (pace != null) {
                try {
                    pace.asBlocking().consume(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("replay interrupted", e);
                }
            }
        }
    }

    private static Message replayCopy(Message message, DeadLetter letter) {
        Map<String, Object> headers =
                new HashMap<>(message.getMessageProperties().getHeaders());
        FAILURE_HEADERS.forEach(headers::remove);
        headers.put(FlockHeaders.REPLAYS, letter.replays() + 1);
        // Keep where it came from, so that a second failure still knows where to be replayed to.
        headers.put(FlockHeaders.ORIGINAL_EXCHANGE, letter.exchange());
        headers.put(FlockHeaders.ORIGINAL_ROUTING_KEY, letter.routingKey());
        return Messages.copy(message, headers);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the canary", e);
        }
    }
}
