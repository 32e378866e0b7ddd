package dev.flock.platform.command;

import dev.flock.contracts.Envelope;
import dev.flock.platform.consume.MessageHandler;
import dev.flock.platform.metrics.CommandMeters;
import dev.flock.platform.publish.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a command exactly once in effect: a finished command is skipped; otherwise the handler decides and
 * writes (idempotently, keyed by the command id), the events are published and confirmed, and only then is the
 * outcome recorded. A crash at any point leads to a redelivery that ends in the same state, at worst publishing
 * the same events (same ids) again.
 */
public final class CommandProcessor implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

    private final CommandHandlers handlers;
    private final CommandLog commandLog;
    private final EventPublisher events;
    private final CommandMeters meters;

    public CommandProcessor(
            CommandHandlers handlers, CommandLog commandLog, EventPublisher events, CommandMeters meters) {
        this.handlers = handlers;
        this.commandLog = commandLog;
        this.events = events;
        this.meters = meters;
    }

    @Override
    public void handle(Envelope<?> command) {
        if (commandLog.isFinished(command.id())) {
            log.info("{} {} already finished; redelivery acknowledged", command.type(), command.id());
            return;
        }
        CommandOutcome outcome = handlers.dispatch(command);
        events.publish(command, outcome.events());
        commandLog.recordOutcome(command, outcome);
        meters.completed(command, outcome.status());
        log.info("{} {} {}", command.type(), command.id(), outcome);
    }
}
