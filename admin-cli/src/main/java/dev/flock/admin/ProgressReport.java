package dev.flock.admin;

import dev.flock.deadletters.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How far a long operation is (count, rate, time left), on stderr: one line rewritten in place on a terminal, a few
 * plain lines otherwise (a log file or a pipe gets no carriage returns). stdout keeps only the JSON answer.
 */
final class ProgressReport implements Progress {

    static final Duration TERMINAL_EVERY = Duration.ofMillis(200);
    static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    private final PrintWriter out;
    private final String what;
    private final String unit;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long started;
    private long shownAt;
    private int width;

    /** @param unit what is counted, in the plural: {@code messages}, {@code accounts} */
    ProgressReport(PrintWriter out, String what, String unit, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.what = what;
        this.unit = unit;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.shownAt = started;
    }

    /** On stderr, rewritten in place when stderr is a terminal. */
    static ProgressReport onStderr(PrintWriter err, String what, String unit) {
        return new ProgressReport(err, what, unit, System.console() != null, System::nanoTime);
    }

    @Override
    public void examined(long examined, long total) {
        long now = nanoTime.getAsLong();
        boolean last = examined >= total;
        if (!last && now - shownAt < (terminal ? TERMINAL_EVERY : PLAIN_EVERY).toNanos()) {
            return;
        }
        shownAt = now;
        String line = line(examined, total, Duration.ofNanos(now - started));
        if (terminal) {
            // Pad over the end of a longer previous line.
            out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            width = line.length();
            if (last) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line(long examined, long total, Duration elapsed) {
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        double rate = examined / seconds;
        String line = String.format(
                "%s: %d/%d %s (%d%%), %.1f/s",
                what, examined, total, unit, total == 0 ? 100 : examined * 100 / total, rate);
        if (examined < total && rate > 0) {
            line += ", about " + human(Duration.ofSeconds(Math.round((total - examined) / rate))) + " left";
        } else if (examined >= total) {
            line += ", done in " + human(elapsed);
        }
        return line;
    }

    private static String human(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
