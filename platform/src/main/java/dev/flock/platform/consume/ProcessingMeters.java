package dev.flock.platform.consume;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.flock.platform.metrics.MessageTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What one queue's consumer measures: batch sizes, processing times, messages held for the broker. */
final class ProcessingMeters {

    private final String queue;
    private final MeterRegistry meters;
    private final Counter held;
    private final DistributionSummary batchSize;

    ProcessingMeters(String queue, MeterRegistry meters) {
        this.queue = queue;
        this.meters = meters;
        this.held = Counter.builder("flock.messages.held")
                .description("times a message was held because the broker refused what its processing published")
                .tag("queue", queue)
                .register(meters);
        this.batchSize = DistributionSummary.builder("flock.messages.batch.size")
                .description("messages a listener received in one batch")
                .tag("queue", queue)
                .register(meters);
    }

    void held() {
        held.increment();
    }

    void batch(int size) {
        batchSize.record(size);
    }

    /** A message of a batch counts the whole batch's time: that is how long it waited for its ack. */
    void processed(String type, boolean handled, long startedNanos) {
        Timer.builder(InboundProcessor.PROCESSING)
                .description("from a message's start to its end: handled, or a confirmed copy set aside")
                .tag("queue", queue)
                .tag("type", MessageTypes.tag(type))
                .tag("result", handled ? "handled" : "failed")
                .register(meters)
                .record(System.nanoTime() - startedNanos, NANOSECONDS);
    }
}
