package dev.flock.deadletters;

/**
 * Told after each message a replay or park examined in its snapshot of the queue (see {@link DeadLetterQueues}), so
 * that a long run can show how far it is; called on the thread doing the work, so it must be quick.
 */
@FunctionalInterface
public interface Progress {

    Progress NONE = (examined, total) -> {};

    /**
     * @param examined messages looked at so far
     * @param total    messages in the snapshot (the queue's depth when the run started)
     */
    void examined(long examined, long total);
}
