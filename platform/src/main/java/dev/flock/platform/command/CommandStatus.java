package dev.flock.platform.command;

/** How a command ended, as the status resource tells it. */
public enum CommandStatus {
    /** Accepted by the broker, not finished yet. */
    PENDING,
    APPLIED,
    /** A business rule said no; the reason says which. */
    REJECTED,
    /** Dead-lettered; a replay can still turn it into {@link #APPLIED}. */
    FAILED
}
