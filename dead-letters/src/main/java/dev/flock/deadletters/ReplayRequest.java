package dev.flock.deadletters;

/**
 * @param limit         replay at most this many (null: all that match)
 * @param ratePerSecond at most this many republished per second (null: as fast as confirms come)
 * @param dryRun        report what would be replayed; move nothing
 * @param canary        replay the first match alone and go on only if its command becomes APPLIED
 * @param force         also replay messages already replayed {@code maxReplays} times
 */
public record ReplayRequest(
        DeadLetterFilter filter, Integer limit, Double ratePerSecond, boolean dryRun, boolean canary, boolean force) {

    public ReplayRequest {
        filter = filter == null ? DeadLetterFilter.ALL : filter;
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (ratePerSecond != null && !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("ratePerSecond must be positive");
        }
    }
}
