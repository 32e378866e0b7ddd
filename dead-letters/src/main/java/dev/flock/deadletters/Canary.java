package dev.flock.deadletters;

import dev.flock.platform.command.CommandLog;
import dev.flock.platform.command.CommandStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows the first replayed command to its outcome. A dead-lettered command usually has an outcome already: the
 * FAILED its worker recorded when it gave up. So the canary notes the entry before the replay and waits for a newer
 * one: APPLIED, REJECTED, or a fresh FAILED. An entry that is already final (APPLIED, REJECTED) cannot change, and is
 * the outcome at once.
 */
final class Canary {

    private static final Duration POLL = Duration.ofMillis(200);

    private final RecordedOutcomes outcomes;
    private final Duration timeout;

    Canary(RecordedOutcomes outcomes, Duration timeout) {
        this.outcomes = outcomes;
        this.timeout = timeout;
    }

    /** Call before republishing the canary. */
    Optional<CommandLog.Entry> before(DeadLetter letter) {
        return outcomes.find(letter.type(), letter.messageId());
    }

    /** @return the outcome newer than {@code before}, or PENDING if none came within the timeout */
    ReplayReport.Canary await(DeadLetter letter, Optional<CommandLog.Entry> before) {
        if (before.filter(Canary::isFinal).isPresent()) {
            return new ReplayReport.Canary(
                    letter.messageId(), before.get().status().name());
        }
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<CommandLog.Entry> now = outcomes.find(letter.type(), letter.messageId());
            if (now.isPresent() && !now.equals(before) && now.get().status() != CommandStatus.PENDING) {
                return new ReplayReport.Canary(
                        letter.messageId(), now.get().status().name());
            }
            if (!Instant.now().isBefore(deadline)) {
                return new ReplayReport.Canary(letter.messageId(), CommandStatus.PENDING.name());
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted waiting for the canary " + letter.messageId());
            }
        }
    }

    Duration timeout() {
        return timeout;
    }

    private static boolean isFinal(CommandLog.Entry entry) {
        return entry.status() == CommandStatus.APPLIED || entry.status() == CommandStatus.REJECTED;
    }
}
