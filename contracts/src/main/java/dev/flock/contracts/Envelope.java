package dev.flock.contracts;

import java.time.Instant;

/**
 * What travels on the broker: one command or one event with its identity and origin.
 *
 * @param id          unique per message; for a command it is the command id the edge handed to the client
 * @param type        the message type id, also the routing key (see {@link MessageType})
 * @param version     the payload's schema version; consumers dead-letter versions they do not know
 * @param occurredAt  when the command was accepted, or when the event happened
 * @param actor       the account that asked for it, or {@code null} (registration)
 * @param payload     one of the records in {@code dev.flock.contracts.command} or {@code .event}
 */
public record Envelope<P>(String id, String type, int version, Instant occurredAt, String actor, P payload) {

    public Envelope {
        Require.text(id, "id");
        Require.text(type, "type");
        Require.present(occurredAt, "occurredAt");
        Require.present(payload, "payload");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }

    /** A new envelope for a payload of a known type, at that type's current version. */
    public static <P> Envelope<P> of(String id, Instant occurredAt, String actor, P payload) {
        MessageType type = MessageType.of(payload.getClass());
        return new Envelope<>(id, type.id(), type.version(), occurredAt, actor, payload);
    }
}
