package dev.flock.platform.consume;

import com.rabbitmq.client.Channel;
import dev.flock.contracts.Envelope;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.publish.PublishFailedException;
import dev.flock.platform.trace.MessageTraces;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.context.SmartLifecycle;

/**
 * The path of every message a Flock service consumes: decode, hand to the handler, and on failure apply the
 * {@link FailurePolicy}. It returns normally (the message is acknowledged) only when the message was handled or a
 * confirmed copy of it sits in a retry or dead-letter queue.
 *
 * <p>When the broker itself refuses what the processing must publish (an event, or the retry or dead-letter copy:
 * a resource alarm, a lost connection, no confirm), the fault is the broker's, not the message's: the processor
 * keeps the message unacknowledged and tries again with back-off until the broker takes it, or until the service
 * stops, when it hands the message back to the queue. It never dead-letters a message for the broker's fault. It
 * stops holding when the channel the message came on closed: the broker has then given the message back to the
 * queue, and another consumer may already have it ({@link Holding}). A message that fails goes where {@link SetAside}
 * sends it.
 */
public final class InboundProcessor implements SmartLifecycle {

    public static final String MDC_COMMAND_ID = "commandId";

    /** Time from a message's start to its end here (handled, or a confirmed copy set aside), by queue, type, result. */
    public static final String PROCESSING = "flock.messages.processing";

    private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);

    private final String queue;
    private final MessageCodec codec;
    private final MessageHandler handler;
    private final SetAside setAside;
    private final CrashCounter crashes;
    private final ProcessingMeters meters;
    private final Holding holding;
    private final MessageTraces traces;
    private volatile boolean running;

    public InboundProcessor(
            String queue,
            MessageCodec codec,
            MessageHandler handler,
            FailurePolicy failures,
            CrashCounter crashes,
            DeadLetterObserver observer,
            MeterRegistry meters,
            MessageTraces traces) {
        this.queue = queue;
        this.codec = codec;
        this.handler = handler;
        this.setAside = new SetAside(queue, failures, observer);
        this.crashes = crashes;
        this.meters = new ProcessingMeters(queue, meters);
        this.holding = new Holding(this.meters, () -> running);
        this.traces = traces;
    }

    /** @param channel the channel the message was delivered on */
    public void process(Message message, Channel channel) {
        try (var ignored = MDC.putCloseable(MDC_COMMAND_ID, commandId(message))) {
            long started = System.nanoTime();
            RuntimeException crashedBefore = countStart(message);
            holding.run(SetAside.describe(message), channel, () -> {
                boolean handled = handleOrSetAside(message, crashedBefore);
                recordProcessing(message, handled, started);
            });
            crashes.finished(queue, message);
        }
    }

    /**
     * A batch, acknowledged as a whole when this returns. First deliveries are handled together; a redelivered
     * message is handled alone, after them, with its start counted just before: had a message of the batch killed
     * the consumer, its neighbours, redelivered with it, must not count as started too.
     *
     * @param channel the channel the messages were delivered on
     */
    public void processBatch(List<Message> messages, Channel channel) {
        meters.batch(messages.size());
        List<Message> firstDeliveries = messages.stream()
                .filter(message ->
                        !Boolean.TRUE.equals(message.getMessageProperties().isRedelivered()))
                .toList();
        if (!firstDeliveries.isEmpty()) {
            long started = System.nanoTime();
            Set<Message> settled = Collections.newSetFromMap(new IdentityHashMap<>());
            holding.run(
                    firstDeliveries.size() + " message(s) from " + queue,
                    channel,
                    () -> handleOrSetAside(firstDeliveries, settled, started));
        }
        for (Message message : messages) {
            if (Boolean.TRUE.equals(message.getMessageProperties().isRedelivered())) {
                process(message, channel);
            }
        }
    }

    /**
     * Handles the messages not settled yet; each that fails takes the failure path alone. A message is settled
     * once handled or set aside, so trying the batch again after the broker refused a publish repeats neither.
     */
    private void handleOrSetAside(List<Message> batch, Set<Message> settled, long started) {
        List<Message> decoded = new ArrayList<>();
        List<Envelope<?>> envelopes = new ArrayList<>();
        for (Message message : batch) {
            if (settled.contains(message)) {
                continue;
            }
            try {
                envelopes.add(codec.decode(message));
                decoded.add(message);
            } catch (RuntimeException undecodable) {
                setAsideAlone(message, null, undecodable);
                settled.add(message);
                recordProcessing(message, false, started);
            }
        }
        Map<String, Message> byCommandId = new HashMap<>();
        for (int i = 0; i < envelopes.size(); i++) {
            byCommandId.put(envelopes.get(i).id(), decoded.get(i));
        }
        Map<Envelope<?>, RuntimeException> failed = traces.during(byCommandId, () -> handleAll(envelopes));
        for (int i = 0; i < envelopes.size(); i++) {
            if (!failed.containsKey(envelopes.get(i))) {
                settled.add(decoded.get(i));
                recordProcessing(decoded.get(i), true, started);
            }
        }
        for (int i = 0; i < envelopes.size(); i++) {
            RuntimeException failure = failed.get(envelopes.get(i));
            if (failure != null) {
                setAsideAlone(decoded.get(i), envelopes.get(i), failure);
                settled.add(decoded.get(i));
                recordProcessing(decoded.get(i), false, started);
            }
        }
    }

    /** Whatever escapes the handler but the broker's refusal fails each message of the batch, never the batch. */
    private Map<Envelope<?>, RuntimeException> handleAll(List<Envelope<?>> envelopes) {
        try {
            return handler.handleAll(envelopes);
        } catch (PublishFailedException refused) {
            throw refused;
        } catch (RuntimeException failure) {
            Map<Envelope<?>, RuntimeException> failed = new IdentityHashMap<>();
            envelopes.forEach(envelope -> failed.put(envelope, failure));
            return failed;
        }
    }

    private void setAsideAlone(Message message, Envelope<?> envelope, RuntimeException failure) {
        try (var ignored = MDC.putCloseable(MDC_COMMAND_ID, commandId(message))) {
            setAside.message(message, envelope, failure);
        }
    }

    private static String commandId(Message message) {
        MessageProperties properties = message.getMessageProperties();
        return properties.getCorrelationId() != null ? properties.getCorrelationId() : properties.getMessageId();
    }

    /** @return the failure to set the message aside with, if it keeps killing its consumer */
    private RuntimeException countStart(Message message) {
        try {
            crashes.starting(queue, message);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void recordProcessing(Message message, boolean handled, long started) {
        meters.processed(message.getMessageProperties().getType(), handled, started);
        try (var ignored = MDC.putCloseable(MDC_COMMAND_ID, commandId(message));
                var trace = traces.continueFrom(message)) {
            log.debug("{}: {} {}", queue, SetAside.describe(message), handled ? "handled" : "set aside");
        }
    }

    /** @return whether the handler finished; otherwise the message was set aside (retry or dead letter) */
    private boolean handleOrSetAside(Message message, RuntimeException crashedBefore) {
        Envelope<?> envelope = null;
        try {
            envelope = codec.decode(message);
            if (crashedBefore != null) {
                throw crashedBefore;
            }
            Envelope<?> decodedEnvelope = envelope;
            traces.during(Map.of(envelope.id(), message), () -> {
                handler.handle(decodedEnvelope);
                return null;
            });
            return true;
        } catch (PublishFailedException refused) {
            throw refused;
        } catch (RuntimeException failure) {
            setAside.message(message, envelope, failure);
            return false;
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops holding messages the broker refuses, so the listener can hand them back and shut down. */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** With the listener containers: it must stop holding while they wait for their last messages. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
