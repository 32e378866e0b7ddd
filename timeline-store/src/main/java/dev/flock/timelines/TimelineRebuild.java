package dev.flock.timelines;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Rebuilds home timelines in Redis from the projector's durable state (as Mastodon's {@code tootctl feeds build}),
 * while events keep flowing. Each timeline is rebuilt from a snapshot read before the durable state: what the snapshot
 * held and the durable state does not is removed, what was fanned out after the snapshot stays (see
 * {@link RedisTimelines#replace}). Then it looks again for unfollows and deletes applied meanwhile, as the projector's
 * handlers do: each writes its fact first, so whichever of the two runs second sees the other's.
 */
public final class TimelineRebuild {

    /** What rebuilding one timeline changed (or, in a dry run, would change). */
    public record Rebuilt(String accountId, int entries, int added, int removed) {}

    /** How far a rebuild of every timeline is. */
    public interface Progress {
        void rebuilt(long done, long total);
    }

    /** What rebuilding every timeline changed. */
    public record Report(long accounts, long entries, long added, long removed, boolean dryRun, long millis) {}

    private final DurableTimelines durable;
    private final RedisTimelines timelines;
    private final RedisFollowing following;
    private final TimelineKeys keys;

    public TimelineRebuild(
            DurableTimelines durable, RedisTimelines timelines, RedisFollowing following, TimelineKeys keys) {
        this.durable = durable;
        this.timelines = timelines;
        this.following = following;
        this.keys = keys;
    }

    public Report all(boolean dryRun) {
        return all(dryRun, (done, total) -> {});
    }

    /**
     * @param progress told after each account: how many are done, of how many. The account ids are listed first, to
     *     know the total (a few tens of bytes each: megabytes for a million accounts).
     */
    public Report all(boolean dryRun, Progress progress) {
        long started = System.nanoTime();
        if (!dryRun) {
            following.markBig(durable.bigAuthors());
        }
        List<String> accounts;
        try (Stream<String> all = durable.accounts()) {
            accounts = all.toList();
        }
        long[] totals = new long[4];
        for (String accountId : accounts) {
            Rebuilt rebuilt = one(accountId, dryRun);
            totals[0]++;
            totals[1] += rebuilt.entries();
            totals[2] += rebuilt.added();
            totals[3] += rebuilt.removed();
            progress.rebuilt(totals[0], accounts.size());
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return new Report(totals[0], totals[1], totals[2], totals[3], dryRun, millis);
    }

    public Rebuilt one(String accountId, boolean dryRun) {
        String home = keys.home(accountId);
        List<TimelineEntry> homeSnapshot = timelines.read(home);
        List<TimelineEntry> ownSnapshot = timelines.read(keys.author(accountId));
        Set<String> followingSnapshot = following.following(accountId);

        List<String> followees = durable.followees(accountId);
        Set<String> big = durable.bigAmong(followees);
        List<String> fannedOut = new ArrayList<>(followees);
        fannedOut.removeAll(big);
        fannedOut.add(accountId);
        List<TimelineEntry> wanted = durable.newest(durable.recentPosts(fannedOut));
        List<TimelineEntry> own = durable.newest(durable.recentPosts(List.of(accountId)));

        if (!dryRun) {
            timelines.replace(home, homeSnapshot, wanted);
            timelines.replace(keys.author(accountId), ownSnapshot, own);
            following.replace(accountId, followingSnapshot, followees);
            following.markBig(big);
            undoWhatChangedMeanwhile(accountId, followees, wanted);
        }
        return new Rebuilt(
                accountId,
                wanted.size(),
                missing(wanted, homeSnapshot).size(),
                missing(homeSnapshot, wanted).size());
    }

    private void undoWhatChangedMeanwhile(String accountId, List<String> followees, List<TimelineEntry> wanted) {
        Set<String> unfollowed = new HashSet<>(followees);
        unfollowed.removeAll(durable.followees(accountId));
        for (String author : unfollowed) {
            timelines.removeAuthor(keys.home(accountId), author);
            following.unfollow(accountId, author);
        }
        Set<String> deleted =
                durable.deletedAmong(wanted.stream().map(TimelineEntry::postId).toList());
        timelines.remove(
                keys.home(accountId),
                wanted.stream()
                        .filter(entry -> deleted.contains(entry.postId()))
                        .toList());
    }

    private static List<TimelineEntry> missing(List<TimelineEntry> entries, List<TimelineEntry> from) {
        Set<TimelineEntry> present = new HashSet<>(from);
        return entries.stream().filter(entry -> !present.contains(entry)).toList();
    }
}
