package dev.flock.platform.consume;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.FailureReason;

/** Told when a decoded message was dead-lettered, e.g. to mark its command {@code FAILED}. Best effort. */
@FunctionalInterface
public interface DeadLetterObserver {

    DeadLetterObserver NONE = (message, reason) -> {};

    void deadLettered(Envelope<?> message, FailureReason reason);
}
