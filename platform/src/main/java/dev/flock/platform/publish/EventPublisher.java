package dev.flock.platform.publish;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.Topology;
import dev.flock.platform.message.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes the events a command caused, each confirmed, before the command is acknowledged. */
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final ConfirmedPublisher publisher;
    private final MessageCodec codec;
    private final Clock clock;

    public EventPublisher(ConfirmedPublisher publisher, MessageCodec codec, Clock clock) {
        this.publisher = publisher;
        this.codec = codec;
        this.clock = clock;
    }

    public void publish(Envelope<?> command, List<?> payloads) {
        publishAll(List.of(new Caused(command, payloads)));
    }

    /** The events of several commands: all sent, then all confirms awaited together. */
    public void publishAll(List<Caused> caused) {
        List<ConfirmedPublisher.Outgoing> outgoing = new ArrayList<>();
        for (Caused each : caused) {
            Envelope<?> command = each.command();
            for (int i = 0; i < each.payloads().size(); i++) {
                Envelope<?> event = Envelope.of(
                        eventId(command.id(), i),
                        clock.instant(),
                        command.actor(),
                        each.payloads().get(i));
                outgoing.add(new ConfirmedPublisher.Outgoing(
                        Topology.EVENTS_EXCHANGE, event.type(), codec.encode(event, command.id()), command.id()));
            }
        }
        List<ConfirmedPublisher.Pending> pending = publisher.sendAll(outgoing);
        for (ConfirmedPublisher.Pending each : pending) {
            // An event no queue subscribes to is normal (nobody needs account.registered yet), not a failure.
            each.await();
        }
        log.debug("published {} event(s) of {} command(s)", pending.size(), caused.size());
    }

    /** The events one command caused, as payloads. */
    public record Caused(Envelope<?> command, List<?> payloads) {}

    /**
     * The same command always yields the same event ids, so an event published again after a redelivered
     * command is recognisably the same event.
     */
    static String eventId(String commandId, int index) {
        return UUID.nameUUIDFromBytes((commandId + "#" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
