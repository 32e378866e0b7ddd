package dev.flock.platform.metrics;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.MessageType;
import dev.flock.platform.command.CommandStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;

/**
 * A command's life in numbers, by command type (docs/observability.md): {@code flock.commands.accepted} at the edge,
 * {@code flock.commands.completed} by status ({@code APPLIED}, {@code REJECTED}, {@code FAILED} = dead-lettered) in
 * the worker, and {@code flock.commands.latency}, from the edge's acceptance (the command's {@code occurredAt}) to its
 * outcome being recorded: what a client polling the status resource waits.
 */
public final class CommandMeters {

    public static final String ACCEPTED = "flock.commands.accepted";
    public static final String COMPLETED = "flock.commands.completed";
    public static final String LATENCY = "flock.commands.latency";

    private final MeterRegistry meters;
    private final Clock clock;

    public CommandMeters(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    public void accepted(MessageType type) {
        Counter.builder(ACCEPTED)
                .description("commands the broker confirmed and the edge answered 202 for")
                .tag("type", type.id())
                .register(meters)
                .increment();
    }

    public void completed(Envelope<?> command, CommandStatus status) {
        String type = MessageTypes.tag(command.type());
        Counter.builder(COMPLETED)
                .description("commands whose outcome a worker recorded")
                .tag("type", type)
                .tag("status", status.name())
                .register(meters)
                .increment();
        if (status != CommandStatus.FAILED && command.occurredAt() != null) {
            Duration sinceAccepted = Duration.between(command.occurredAt(), clock.instant());
            Timer.builder(LATENCY)
                    .description("from the edge's 202 to the worker's recorded outcome")
                    .tag("type", type)
                    .tag("status", status.name())
                    .register(meters)
                    .record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
        }
    }
}
