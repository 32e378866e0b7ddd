package dev.flock.deadletters;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a replay or park did.
 *
 * @param matched  messages of the snapshot that matched the filter; in a dry run, those that would have moved
 * @param replayed messages moved (republished, or parked) and removed from the dead-letter queue; 0 in a dry run
 * @param skipped  matches left in place: replayed too often already (see {@code force}), or without a known origin
 * @param left     messages in the dead-letter queue afterwards
 * @param canary   the canary's message id and the status it reached, when a canary was asked for
 * @param aborted  why the run stopped early, if it did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayReport(
        int matched, int replayed, int skipped, long left, boolean dryRun, Canary canary, String aborted) {

    public record Canary(String messageId, String status) {}
}
