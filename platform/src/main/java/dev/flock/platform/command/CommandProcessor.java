package dev.flock.platform.command;

import dev.flock.contracts.Envelope;
import dev.flock.platform.consume.InboundProcessor;
import dev.flock.platform.consume.MessageHandler;
import dev.flock.platform.metrics.CommandMeters;
import dev.flock.platform.publish.EventPublisher;
import dev.flock.platform.publish.PublishFailedException;
import dev.flock.platform.trace.MessageTraces;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies commands exactly once in effect: a finished command is skipped; otherwise the handler decides and writes
 * (idempotently, keyed by the command id), the events are published and confirmed, and only then is the outcome
 * recorded. A crash at any point leads to a redelivery that ends in the same state, at worst publishing the same
 * events (same ids) again.
 *
 * <p>A batch costs one command-log lookup, one wait for the confirms of all its events and one write of all its
 * outcomes; each command is still decided alone, in order, so a command sees the writes of those before it.
 */
public final class CommandProcessor implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    private final CommandHandlers handlers;
    private final CommandLog commandLog;
    private final EventPublisher events;
    private final CommandMeters meters;
    private final MessageTraces traces;

    public CommandProcessor(
            CommandHandlers handlers,
            CommandLog commandLog,
            EventPublisher events,
            CommandMeters meters,
            MessageTraces traces) {
        this.handlers = handlers;
        this.commandLog = commandLog;
        this.events = events;
        this.meters = meters;
        this.traces = traces;
    }

    @Override
    public void handle(Envelope<?> command) {
        RuntimeException failure = handleAll(List.of(command)).get(command);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public Map<Envelope<?>, RuntimeException> handleAll(List<Envelope<?>> commands) {
        Map<Envelope<?>, RuntimeException> failed = new IdentityHashMap<>();
        Set<String> finished;
        try {
            finished =
                    commandLog.finishedAmong(commands.stream().map(Envelope::id).toList());
        } catch (RuntimeException storeFault) {
            commands.forEach(command -> failed.put(command, storeFault));
            return failed;
        }
        List<CommandLog.Decided> decided = new ArrayList<>();
        for (Envelope<?> command : commands) {
            try (var ignored = MDC.putCloseable(InboundProcessor.MDC_COMMAND_ID, command.id());
                    var trace = traces.continueFrom(traces.messageOf(command.id()))) {
                if (finished.contains(command.id())) {
                    log.info("{} {} already finished; redelivery acknowledged", command.type(), command.id());
                    continue;
                }
                decided.add(new CommandLog.Decided(command, handlers.dispatch(command)));
            } catch (PublishFailedException refused) {
                throw refused;
            } catch (RuntimeException failure) {
                failed.put(command, failure);
            }
        }
        try {
            events.publishAll(decided.stream()
                    .map(each -> new EventPublisher.Caused(
                            each.command(), each.outcome().events()))
                    .toList());
            commandLog.recordOutcomes(decided);
        } catch (PublishFailedException refused) {
            throw refused;
        } catch (RuntimeException fault) {
            // Not the broker's refusal (that holds the batch): each command takes the failure path, and its retry
            // finds its own write and finishes the job.
            decided.forEach(each -> failed.put(each.command(), fault));
            return failed;
        }
        for (CommandLog.Decided each : decided) {
            Envelope<?> command = each.command();
            try (var ignored = MDC.putCloseable(InboundProcessor.MDC_COMMAND_ID, command.id());
                    var trace = traces.continueFrom(traces.messageOf(command.id()))) {
                meters.completed(command, each.outcome().status());
                log.info("{} {} {}", command.type(), command.id(), each.outcome());
            }
        }
        return failed;
    }
}
