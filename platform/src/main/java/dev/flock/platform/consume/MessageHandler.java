package dev.flock.platform.consume;

import dev.flock.contracts.Envelope;

/** Applies one decoded message. Returning means done; throwing hands the message to the failure policy. */
@FunctionalInterface
public interface MessageHandler {

    void handle(Envelope<?> message);
}
