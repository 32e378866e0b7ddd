package dev.flock.platform.consume;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Pauses that double up to a longest one, for holding a message while something that is not the message's fault
 * (the broker refusing publishes, an unreachable Redis) keeps failing. A pause ends early when the service stops, so
 * a held message never delays a shutdown. One instance per held message; not thread-safe.
 */
public final class BackOff {

    private static final long POLL_MILLIS = 20;

    private final Duration longest;
    private final BooleanSupplier running;
    private Duration next;

    public BackOff(Duration first, Duration longest, BooleanSupplier running) {
        this.next = first;
        this.longest = longest;
        this.running = running;
    }

    /** The pause the next {@link #pause()} waits. */
    public Duration next() {
        return next;
    }

    /**
     * Waits the next pause, or less if the service stops meanwhile.
     *
     * @return whether the service still runs (false also when the thread was interrupted, whose flag stays set)
     */
    public boolean pause() {
        long until = System.nanoTime() + next.toNanos();
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(longest) > 0 ? longest : doubled;
        try {
            while (running.getAsBoolean() && System.nanoTime() < until) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return running.getAsBoolean();
    }
}
