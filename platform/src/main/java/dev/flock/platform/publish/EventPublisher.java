package dev.flock.platform.publish;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.Topology;
import dev.flock.platform.message.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
        for (int i = 0; i < payloads.size(); i++) {
            Envelope<?> event =
                    Envelope.of(eventId(command.id(), i), clock.instant(), command.actor(), payloads.get(i));
            ConfirmedPublisher.Routing routing =
                    publisher.publish(Topology.EVENTS_EXCHANGE, event.type(), codec.encode(event, command.id()));
            // An event no queue subscribes to is normal (nobody needs account.registered yet), not a failure.
            log.debug("published {} {} ({})", event.type(), event.id(), routing);
        }
    }

    /**
     * The same command always yields the same event ids, so an event published again after a redelivered
     * command is recognisably the same event.
     */
    static String eventId(String commandId, int index) {
        return UUID.nameUUIDFromBytes((commandId + "#" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
