package dev.flock.timelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Capped, newest-first timelines in Redis, one sorted set per owner (see {@link TimelineEntry} for the members).
 * Every write is idempotent: a post is a member, added once however often it is added. Adding trims in the same
 * script, so no reader sees a timeline above its capacity. Writes to many timelines are pipelined in batches.
 */
public final class RedisTimelines {

    static final int BATCH = 500;

    private static final RedisScript<Long> ADD_AND_TRIM = script("add-and-trim.lua");
    private static final RedisScript<Long> REMOVE_AUTHOR = script("remove-author.lua");
    private static final RedisScript<Long> REPLACE = script("replace.lua");

    private final StringRedisTemplate redis;
    private final String capacity;

    public RedisTimelines(StringRedisTemplate redis, int capacity) {
        this.redis = redis;
        this.capacity = String.valueOf(capacity);
    }

    /** Adds one entry to each of these timelines. */
    public void add(Collection<String> timelines, TimelineEntry entry) {
        inPipelines(
                timelines,
                (operations, timeline) ->
                        operations.execute(ADD_AND_TRIM, List.of(timeline), capacity, entry.member()));
    }

    /** Adds entries to one timeline; those already there stay once. */
    public void merge(String timeline, Collection<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<String> arguments = new ArrayList<>(entries.size() + 1);
        arguments.add(capacity);
        entries.forEach(entry -> arguments.add(entry.member()));
        redis.execute(ADD_AND_TRIM, List.of(timeline), arguments.toArray());
    }

    /** Removes one entry from each of these timelines. */
    public void remove(Collection<String> timelines, TimelineEntry entry) {
        inPipelines(timelines, (operations, timeline) -> operations.opsForZSet().remove(timeline, entry.member()));
    }

    public void remove(String timeline, Collection<TimelineEntry> entries) {
        if (!entries.isEmpty()) {
            redis.opsForZSet()
                    .remove(
                            timeline,
                            entries.stream().map(TimelineEntry::member).toArray());
        }
    }

    public void removeAuthor(String timeline, String authorId) {
        redis.execute(REMOVE_AUTHOR, List.of(timeline), authorId);
    }

    /** The whole timeline, newest first. */
    public List<TimelineEntry> read(String timeline) {
        return entries(redis.opsForZSet().reverseRange(timeline, 0, -1));
    }

    /**
     * Makes the timeline hold {@code wanted}, except for what was added since {@code snapshot} was read from it: a
     * post fanned out while a rebuild read the durable state is kept, not lost.
     */
    public void replace(String timeline, List<TimelineEntry> snapshot, List<TimelineEntry> wanted) {
        List<String> arguments = new ArrayList<>(snapshot.size() + wanted.size() + 2);
        arguments.add(capacity);
        arguments.add(String.valueOf(snapshot.size()));
        snapshot.forEach(entry -> arguments.add(entry.member()));
        wanted.forEach(entry -> arguments.add(entry.member()));
        redis.execute(REPLACE, List.of(timeline), arguments.toArray());
    }

    /** Up to {@code count} entries older than the post {@code before} (all, if null), newest first. */
    public List<TimelineEntry> page(String timeline, String before, int count) {
        return entries(redis.opsForZSet()
                .reverseRangeByLex(timeline, olderThan(before), Limit.limit().count(count)));
    }

    static Range<String> olderThan(String before) {
        return before == null
                ? Range.unbounded()
                : Range.of(Range.Bound.unbounded(), Range.Bound.exclusive(TimelineEntry.lowestMemberOf(before)));
    }

    static List<TimelineEntry> entries(Set<String> members) {
        return members == null
                ? List.of()
                : members.stream().map(TimelineEntry::ofMember).toList();
    }

    /** Runs {@code command} for every key, {@link #BATCH} commands per round trip. */
    void inPipelines(Collection<String> keys, BiConsumer<RedisOperations<String, String>, String> command) {
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            Pipeline.run(redis, operations -> batch.forEach(key -> command.accept(operations, key)));
        }
    }

    /**
     * The script's text, read once. A script made from the resource itself asks the resource whether it changed on
     * every call (for a class-path resource in a jar: a jar URL opened per write, half of the projector's CPU
     * samples in the benchmark's profile of 2026-11-29).
     */
    private static RedisScript<Long> script(String name) {
        try {
            String text =
                    new ClassPathResource("dev/flock/timelines/" + name).getContentAsString(StandardCharsets.UTF_8);
            return RedisScript.of(text, Long.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the Redis script " + name + " is not on the class path", e);
        }
    }
}
