package dev.flock.timelines;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads a page of a home timeline from Redis: the fanned-out timeline, merged with the recent posts of the big
 * authors the reader follows (not fanned out on write). One round trip for a reader who follows no big author, two
 * otherwise. The merged view keeps the timeline's cap: an entry is shown only while fewer than {@code capacity}
 * entries of the union are newer.
 */
public final class HomePages {

    private final StringRedisTemplate redis;
    private final TimelineKeys keys;
    private final int capacity;

    public HomePages(StringRedisTemplate redis, TimelineKeys keys, int capacity) {
        this.redis = redis;
        this.keys = keys;
        this.capacity = capacity;
    }

    /** Up to {@code count} entries older than {@code before} (from the newest, if null), newest first. */
    @SuppressWarnings("unchecked")
    public List<TimelineEntry> page(String accountId, String before, int count) {
        Range<String> older = RedisTimelines.olderThan(before);
        List<Object> first = Pipeline.run(redis, operations -> {
            operations
                    .opsForZSet()
                    .reverseRangeByLex(
                            keys.home(accountId), older, Limit.limit().count(count));
            operations.opsForSet().intersect(keys.following(accountId), keys.bigAuthors());
        });
        List<TimelineEntry> home = RedisTimelines.entries((Set<String>) first.get(0));
        Set<String> bigFollowees = (Set<String>) first.get(1);
        if (bigFollowees == null || bigFollowees.isEmpty()) {
            return home;
        }
        List<String> sources = new ArrayList<>();
        sources.add(keys.home(accountId));
        bigFollowees.forEach(author -> sources.add(keys.author(author)));
        List<Object> second = Pipeline.run(redis, operations -> {
            for (String source : sources.subList(1, sources.size())) {
                operations
                        .opsForZSet()
                        .reverseRangeByLex(source, older, Limit.limit().count(count));
            }
            if (before != null) {
                for (String source : sources) {
                    operations.opsForZSet().lexCount(source, newerThanOrEqual(before));
                }
            }
        });
        Set<TimelineEntry> union = new LinkedHashSet<>(home);
        for (int i = 0; i < bigFollowees.size(); i++) {
            union.addAll(RedisTimelines.entries((Set<String>) second.get(i)));
        }
        long newer = 0;
        for (int i = bigFollowees.size(); i < second.size(); i++) {
            newer += (Long) second.get(i);
        }
        long room = Math.max(0, capacity - newer);
        return union.stream()
                .sorted(TimelineEntry.NEWEST_FIRST)
                .limit(Math.min(count, room))
                .toList();
    }

    private static Range<String> newerThanOrEqual(String postId) {
        return Range.of(Range.Bound.inclusive(TimelineEntry.lowestMemberOf(postId)), Range.Bound.unbounded());
    }
}
