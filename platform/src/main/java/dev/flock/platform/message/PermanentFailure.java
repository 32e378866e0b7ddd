package dev.flock.platform.message;

import dev.flock.contracts.FailureReason;

/** A message that cannot succeed however often it is retried: it is dead-lettered at once. */
public class PermanentFailure extends RuntimeException {

    private final FailureReason reason;

    public PermanentFailure(FailureReason reason, String detail) {
        this(reason, detail, null);
    }

    public PermanentFailure(FailureReason reason, String detail, Throwable cause) {
        super(detail, cause);
        if (!reason.permanent()) {
            throw new IllegalArgumentException(reason + " is not a permanent failure");
        }
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
