package dev.flock.bench;

import java.time.Duration;

/**
 * Closed-loop steps of 1, 2, 4… 64 connections; the best step whose p99 stays under the limit. The ramp ends at the
 * first step over the limit after one under it; with none under it, the step with the lowest p99 is reported as what
 * it is.
 */
final class Ramp {

    private static final int[] CONNECTIONS = {1, 2, 4, 8, 16, 32, 64};

    private Ramp() {}

    static Load.Result best(Duration step, double p99Limit, Load.Request request, Report report) throws Exception {
        Load.Result best = null;
        Load.Result lowest = null;
        for (int connections : CONNECTIONS) {
            Load.Result result = Load.closed(connections, step, request);
            double p99 = result.latencies().percentileMillis(99);
            System.out.println(Report.format(
                    "  %2d connections: %8.1f ok/s, p50 %6.1f ms, p99 %6.1f ms, %d failed",
                    connections,
                    result.okPerSecond(),
                    result.latencies().percentileMillis(50),
                    p99,
                    result.latencies().failed()));
            if (lowest == null || p99 < lowest.latencies().percentileMillis(99)) {
                lowest = result;
            }
            if (p99 > p99Limit) {
                if (best != null) {
                    break;
                }
                continue;
            }
            if (best == null || result.okPerSecond() > best.okPerSecond()) {
                best = result;
            }
        }
        if (best == null) {
            report.note(
                    "no step of the ramp kept p99 under " + p99Limit + " ms; the one with the lowest p99 is reported");
            return lowest;
        }
        return best;
    }
}
