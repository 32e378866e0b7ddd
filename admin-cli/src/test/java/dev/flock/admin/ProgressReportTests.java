package dev.flock.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReportTests {

    private final StringWriter written = new StringWriter();
    private final AtomicLong clock = new AtomicLong();

    @Test
    void notOnATerminalItPrintsAPlainLineEveryFewSecondsAndWhenDone() {
        ProgressReport progress = report(false);

        for (int examined = 1; examined <= 100; examined++) {
            clock.addAndGet(Duration.ofMillis(100).toNanos()); // 10 messages per second
            progress.examined(examined, 100);
        }

        assertThat(written.toString()).doesNotContain("\r");
        assertThat(written.toString().lines())
                .hasSize(2)
                .first()
                .isEqualTo("replay q.dlq: 50/100 messages (50%), 10.0/s, about 5 s left");
        assertThat(written.toString().lines())
                .last()
                .isEqualTo("replay q.dlq: 100/100 messages (100%), 10.0/s, done in 10 s");
    }

    @Test
    void onATerminalItRewritesOneLineAndEndsIt() {
        ProgressReport progress = report(true);

        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        progress.examined(1, 3);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        progress.examined(3, 3);

        assertThat(written.toString())
                .startsWith("\rreplay q.dlq: 1/3 messages (33%), 1.0/s, about 2 s left")
                .contains("\rreplay q.dlq: 3/3 messages (100%), 1.5/s, done in 2 s")
                .endsWith(System.lineSeparator());
        assertThat(written.toString().split(System.lineSeparator(), -1)).hasSize(2);
    }

    @Test
    void anEmptyQueueIsDoneAtOnce() {
        assertThat(report(false).line(0, 0, Duration.ZERO))
                .isEqualTo("replay q.dlq: 0/0 messages (100%), 0.0/s, done in 0 s");
    }

    private ProgressReport report(boolean terminal) {
        return new ProgressReport(new PrintWriter(written), "replay q.dlq", "messages", terminal, clock::get);
    }
}
