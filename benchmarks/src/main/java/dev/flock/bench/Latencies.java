package dev.flock.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Response times of one workload and how many answers had the expected status. Thread-safe. */
final class Latencies {

    private final List<long[]> chunks = new ArrayList<>();
    private long ok;
    private long failed;

    synchronized void record(long nanos, boolean success) {
        if (chunks.isEmpty() || chunks.get(chunks.size() - 1)[0] == 4095) {
            chunks.add(new long[4096]);
        }
        long[] chunk = chunks.get(chunks.size() - 1);
        chunk[(int) ++chunk[0]] = nanos;
        if (success) {
            ok++;
        } else {
            failed++;
        }
    }

    synchronized long ok() {
        return ok;
    }

    synchronized long failed() {
        return failed;
    }

    /** @return the {@code p}-th percentile (0..100) in milliseconds, NaN without samples */
    synchronized double percentileMillis(double p) {
        long[] all = sorted();
        if (all.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(all.length - 1, Math.ceil(p / 100 * all.length) - 1);
        return all[Math.max(0, index)] / 1e6;
    }

    synchronized double meanMillis() {
        return Arrays.stream(sorted()).average().orElse(Double.NaN) / 1e6;
    }

    private long[] sorted() {
        long[] all = chunks.stream()
                .flatMapToLong(chunk -> Arrays.stream(chunk, 1, (int) chunk[0] + 1))
                .toArray();
        Arrays.sort(all);
        return all;
    }
}
