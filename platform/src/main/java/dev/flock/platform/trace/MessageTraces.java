package dev.flock.platform.trace;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.amqp.core.Message;

/**
 * Continues, message by message, the trace each message's sender started. Spring AMQP observes single deliveries
 * only (no observation for batch listeners), so without this a worker's log lines, and the events it publishes,
 * would lose the trace the edge started for the command.
 *
 * <p>While a batch is handled, {@link #during} names the message of each command id, so the code that handles a
 * command or publishes its events, which sees envelopes only, can {@link #continueFrom} its message's trace.
 */
public final class MessageTraces {

    /** For code that runs without tracing (tools, tests): every scope is empty. */
    public static final MessageTraces NONE = new MessageTraces(null, null);

    private static final Scope EMPTY = () -> {};

    private final Tracer tracer;
    private final Propagator propagator;
    private final ThreadLocal<Map<String, Message>> batch = ThreadLocal.withInitial(HashMap::new);

    public MessageTraces(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Runs {@code work} with each command id of {@code byCommandId} naming its message, for {@link #messageOf}. */
    public <T> T during(Map<String, Message> byCommandId, Supplier<T> work) {
        Map<String, Message> outer = batch.get();
        batch.set(byCommandId);
        try {
            return work.get();
        } finally {
            batch.set(outer);
        }
    }

    /** The message a command of the batch being handled came in, or null. */
    public Message messageOf(String commandId) {
        return batch.get().get(commandId);
    }

    /** A span continuing the trace {@code message} carries, current (and in the logs' MDC) until closed. */
    public Scope continueFrom(Message message) {
        if (tracer == null || propagator == null || message == null) {
            return EMPTY;
        }
        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        Span span = propagator
                .extract(headers, (carrier, key) -> carrier.get(key) == null ? null : String.valueOf(carrier.get(key)))
                .name("flock.process " + message.getMessageProperties().getConsumerQueue())
                .kind(Span.Kind.CONSUMER)
                .start();
        Tracer.SpanInScope inScope = tracer.withSpan(span);
        return () -> {
            inScope.close();
            span.end();
        };
    }

    /** {@link AutoCloseable} without a checked exception. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
