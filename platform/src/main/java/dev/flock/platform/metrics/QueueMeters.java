package dev.flock.platform.metrics;

import dev.flock.contracts.Topology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.ObjectProvider;

/**
 * {@code flock.queue.messages} and {@code flock.queue.consumers} for every work queue, its dead-letter queue and its
 * parking lot, as the broker reports them (a passive declare). Read when Prometheus scrapes, at most once per
 * {@link #FRESH_FOR} for all of them; a queue the broker does not know (or an unreachable broker) reads NaN, so
 * that a missing value is never taken for an empty queue. Every service reports them: with all the consumers of a
 * queue gone, the others still tell.
 */
public final class QueueMeters implements MeterBinder {

    public static final String MESSAGES = "flock.queue.messages";
    public static final String CONSUMERS = "flock.queue.consumers";

    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    /** Looked up when first read: the registry is made before the broker's beans. */
    private final ObjectProvider<AmqpAdmin> admin;

    private final Clock clock;
    private Map<String, QueueInformation> last = Map.of();
    private Instant readAt = Instant.MIN;

    public QueueMeters(ObjectProvider<AmqpAdmin> admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    public static List<String> queues() {
        List<String> queues = new ArrayList<>();
        for (String workQueue : Topology.WORK_QUEUES) {
            queues.add(workQueue);
            queues.add(Topology.deadLetterQueue(workQueue));
            queues.add(Topology.parkingLot(Topology.deadLetterQueue(workQueue)));
        }
        return queues;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        for (String queue : queues()) {
            gauge(meters, MESSAGES, "messages ready in the queue", queue, QueueInformation::getMessageCount);
            gauge(meters, CONSUMERS, "consumers of the queue", queue, QueueInformation::getConsumerCount);
        }
    }

    private void gauge(
            MeterRegistry meters,
            String name,
            String description,
            String queue,
            ToIntFunction<QueueInformation> value) {
        Gauge.builder(name, this, self -> {
                    QueueInformation info = self.read().get(queue);
                    return info == null ? Double.NaN : value.applyAsInt(info);
                })
                .description(description)
                .tag("queue", queue)
                .strongReference(true)
                .register(meters);
    }

    private synchronized Map<String, QueueInformation> read() {
        Instant now = clock.instant();
        if (readAt.plus(FRESH_FOR).isAfter(now)) {
            return last;
        }
        Map<String, QueueInformation> read = new HashMap<>();
        for (String queue : queues()) {
            try {
                QueueInformation info = admin.getObject().getQueueInfo(queue);
                if (info != null) {
                    read.put(queue, info);
                }
            } catch (RuntimeException brokerAway) {
                // NaN for this queue until the broker answers again.
            }
        }
        last = read;
        readAt = now;
        return last;
    }
}
