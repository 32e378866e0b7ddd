package dev.flock.timeline;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Two writers released at the same moment by a barrier, as two replicas handling messages at once. */
public final class Race {

    /** How often a test runs its race: a race is lost only now and then. */
    public static final int TRIES = 200;

    private Race() {}

    /**
     * Runs {@code race} {@link #TRIES} times, each on data of its own, and collects what it reports wrong.
     *
     * @param race runs try number {@code i}; answers what the race left wrong, or null
     */
    public static List<String> manyTimes(IntFunction<String> race) {
        return IntStream.range(0, TRIES).mapToObj(race).filter(Objects::nonNull).toList();
    }

    /** Runs both on threads of their own, released together, and waits for both; a failure of either is thrown. */
    public static void between(Runnable first, Runnable second) {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> one = threads.submit(() -> runAfter(start, first));
            Future<?> other = threads.submit(() -> runAfter(start, second));
            one.get(10, TimeUnit.SECONDS);
            other.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("a racer failed", e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Void runAfter(CyclicBarrier start, Runnable action) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        action.run();
        return null;
    }
}
