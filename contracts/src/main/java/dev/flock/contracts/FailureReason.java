package dev.flock.contracts;

/** Why a message was dead-lettered; the value of {@link FlockHeaders#REASON}. */
public enum FailureReason {
    /** The body is not a JSON envelope. */
    UNPARSEABLE(true),
    /** The type is not one this consumer handles. */
    UNKNOWN_TYPE(true),
    /** The payload version is not one this consumer reads. */
    UNSUPPORTED_VERSION(true),
    /** A required field is missing or has an impossible value. */
    INVALID_PAYLOAD(true),
    /** Its processing stopped the consumer (a crash, a kill) several times in a row. */
    CRASHED_CONSUMER(true),
    /** A transient fault outlasted every retry. */
    RETRIES_EXHAUSTED(false);

    private final boolean permanent;

    FailureReason(boolean permanent) {
        this.permanent = permanent;
    }

    /** Permanent faults are dead-lettered at once: retrying the same bytes cannot succeed. */
    public boolean permanent() {
        return permanent;
    }
}
