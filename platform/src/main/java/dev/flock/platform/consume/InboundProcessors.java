package dev.flock.platform.consume;

import dev.flock.platform.command.CommandHandlers;
import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandProcessor;
import dev.flock.platform.command.CommandStatus;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.metrics.CommandMeters;
import dev.flock.platform.publish.EventPublisher;
import dev.flock.platform.trace.MessageTraces;
import io.micrometer.core.instrument.MeterRegistry;

/** Builds a service's inbound path from the parts every service shares. */
public final class InboundProcessors {

    private final MessageCodec codec;
    private final FailurePolicy failures;
    private final CrashCounter crashes;
    private final EventPublisher events;
    private final MeterRegistry meters;
    private final CommandMeters commandMeters;
    private final MessageTraces traces;

    public InboundProcessors(
            MessageCodec codec,
            FailurePolicy failures,
            CrashCounter crashes,
            EventPublisher events,
            MeterRegistry meters,
            CommandMeters commandMeters,
            MessageTraces traces) {
        this.codec = codec;
        this.failures = failures;
        this.crashes = crashes;
        this.events = events;
        this.meters = meters;
        this.commandMeters = commandMeters;
        this.traces = traces;
    }

    /** A worker's command queue: apply once, publish the events, record the outcome; FAILED when dead-lettered. */
    public InboundProcessor commands(String queue, CommandHandlers handlers, CommandLog commandLog) {
        return new InboundProcessor(
                queue,
                codec,
                new CommandProcessor(handlers, commandLog, events, commandMeters, traces),
                failures,
                crashes,
                (command, reason) -> {
                    commandMeters.completed(command, CommandStatus.FAILED);
                    commandLog.recordFailed(command, reason);
                },
                meters,
                traces);
    }

    /** An event queue: each event to its handler. */
    public InboundProcessor events(String queue, EventHandlers handlers) {
        return new InboundProcessor(queue, codec, handlers, failures, crashes, DeadLetterObserver.NONE, meters, traces);
    }
}
