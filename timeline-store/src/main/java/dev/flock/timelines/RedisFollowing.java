package dev.flock.timelines;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Whom each reader follows, and which authors are too big to fan out, as Redis sets: a reader's page merges in the
 * intersection, the big authors the reader follows, with one {@code SINTER}.
 */
public final class RedisFollowing {

    private final StringRedisTemplate redis;
    private final TimelineKeys keys;

    public RedisFollowing(StringRedisTemplate redis, TimelineKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public void follow(String followerId, String followeeId) {
        redis.opsForSet().add(keys.following(followerId), followeeId);
    }

    public void unfollow(String followerId, String followeeId) {
        redis.opsForSet().remove(keys.following(followerId), followeeId);
    }

    public Set<String> following(String accountId) {
        return orEmpty(redis.opsForSet().members(keys.following(accountId)));
    }

    /** Like {@link RedisTimelines#replace}: what was added since the snapshot stays. */
    public void replace(String accountId, Set<String> snapshot, Collection<String> wanted) {
        String key = keys.following(accountId);
        if (!wanted.isEmpty()) {
            redis.opsForSet().add(key, wanted.toArray(String[]::new));
        }
        Set<String> gone = new HashSet<>(snapshot);
        gone.removeAll(wanted);
        if (!gone.isEmpty()) {
            redis.opsForSet().remove(key, gone.toArray());
        }
    }

    public void markBig(Collection<String> authorIds) {
        if (!authorIds.isEmpty()) {
            redis.opsForSet().add(keys.bigAuthors(), authorIds.toArray(String[]::new));
        }
    }

    public boolean isBig(String authorId) {
        return Boolean.TRUE.equals(redis.opsForSet().isMember(keys.bigAuthors(), authorId));
    }

    /** The big authors a reader follows. */
    public Set<String> bigFollowees(String accountId) {
        return orEmpty(redis.opsForSet().intersect(keys.following(accountId), keys.bigAuthors()));
    }

    private static Set<String> orEmpty(Set<String> members) {
        return members == null ? Set.of() : members;
    }
}
