package dev.flock.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BackOffTests {

    @Test
    void eachPauseDoublesTheOneBeforeUntilTheLongest() {
        BackOff backOff = new BackOff(Duration.ofMillis(1), Duration.ofMillis(5), () -> true);
        long[] pauses = new long[5];
        for (int i = 0; i < pauses.length; i++) {
            pauses[i] = backOff.next().toMillis();
            assertThat(backOff.pause()).isTrue();
        }
        assertThat(pauses).containsExactly(1, 2, 4, 5, 5);
    }

    @Test
    void aPauseEndsEarlyAndSaysSoWhenTheServiceStops() {
        AtomicBoolean running = new AtomicBoolean(true);
        BackOff backOff = new BackOff(Duration.ofMinutes(10), Duration.ofMinutes(10), running::get);
        Thread stopper = new Thread(() -> running.set(false));

        long start = System.nanoTime();
        stopper.start();
        boolean stillRunning = backOff.pause();

        assertThat(stillRunning).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void anInterruptedPauseEndsAndKeepsTheInterruptFlag() {
        BackOff backOff = new BackOff(Duration.ofMinutes(10), Duration.ofMinutes(10), () -> true);
        Thread.currentThread().interrupt();
        try {
            assertThat(backOff.pause()).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
