package dev.flock.system;

import java.time.Duration;
import java.util.List;

/**
 * One scenario's line of the reliability table (docs/reliability.md, T3). {@code sent} counts requests, each once
 * however often a client repeated it; {@code refused} counts every 503, repeats included. {@code lost} is what a 202
 * promised and the settled system does not hold (a command neither APPLIED nor rightly REJECTED after the
 * dead-letter replay, a post, a follow edge or a timeline entry missing); {@code duplicated} is what it holds more
 * than once; {@code unexpected} is what it holds and should not (a deleted post, an unfollowed author's post).
 */
record ReliabilityRow(
        String scenario,
        int sent,
        int accepted,
        int refused,
        long applied,
        long rejected,
        long deadLettered,
        long replayed,
        long lost,
        long duplicated,
        long unexpected,
        Duration timeToRecover,
        Duration p99DuringFault,
        String note) {

    static final String HEADER = "| scenario | sent | accepted | 503 | applied | rejected | dead-lettered | replayed"
            + " | lost | duplicated | unexpected | time to recover | p99 during fault |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    static ReliabilityRow notRun(String scenario, String why) {
        return new ReliabilityRow(scenario, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, why);
    }

    String markdown() {
        if (note != null) {
            return "| %s | %s | | | | | | | | | | | |".formatted(scenario, note);
        }
        return "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f s | %d ms |"
                .formatted(
                        scenario,
                        sent,
                        accepted,
                        refused,
                        applied,
                        rejected,
                        deadLettered,
                        replayed,
                        lost,
                        duplicated,
                        unexpected,
                        timeToRecover.toMillis() / 1000.0,
                        p99DuringFault.toMillis());
    }

    static String table(List<ReliabilityRow> rows) {
        StringBuilder table = new StringBuilder(HEADER).append('\n');
        rows.forEach(row -> table.append(row.markdown()).append('\n'));
        return table.toString();
    }
}
