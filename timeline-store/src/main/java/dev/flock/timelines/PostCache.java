package dev.flock.timelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.contracts.ReadModels;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Post bodies in Redis, so that a home timeline page is read without MongoDB. The projector caches a post when it is
 * created and marks it deleted when it is deleted; the edge fills what it misses from the posts read model, but only
 * where the key is absent, so its fill never overwrites the projector's mark of a delete that overtook it.
 *
 * <p>Author usernames never change (a profile update changes the display name and bio only), so a cached post stays
 * correct after its author's profile update.
 */
public final class PostCache {

    private final StringRedisTemplate redis;
    private final TimelineKeys keys;
    private final ObjectMapper json;
    private final Duration ttl;

    public PostCache(StringRedisTemplate redis, TimelineKeys keys, ObjectMapper json, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.ttl = ttl;
    }

    /** @return per id: the post, empty if it was deleted; ids not cached are absent */
    public Map<String, Optional<CachedPost>> get(List<String> postIds) {
        Map<String, Optional<CachedPost>> found = new HashMap<>();
        if (postIds.isEmpty()) {
            return found;
        }
        List<String> values =
                redis.opsForValue().multiGet(postIds.stream().map(keys::post).toList());
        for (int i = 0; i < postIds.size(); i++) {
            String value = values == null ? null : values.get(i);
            Optional<CachedPost> post = value == null ? null : decode(value);
            if (post != null) {
                found.put(postIds.get(i), post);
            }
        }
        return found;
    }

    /** Caches posts where nothing is cached yet (a deleted mark included). */
    public void fill(List<CachedPost> posts) {
        if (posts.isEmpty()) {
            return;
        }
        Pipeline.run(
                redis,
                operations -> posts.forEach(
                        post -> operations.opsForValue().setIfAbsent(keys.post(post.id()), encode(post), ttl)));
    }

    public void markDeleted(String postId) {
        redis.opsForValue().set(keys.post(postId), ReadModels.Redis.DELETED_POST, ttl);
    }

    private String encode(CachedPost post) {
        try {
            return json.writeValueAsString(post);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode post " + post.id(), e);
        }
    }

    /** A value that does not decode is treated as not cached: the read model answers instead. */
    private Optional<CachedPost> decode(String value) {
        if (value.equals(ReadModels.Redis.DELETED_POST)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(value, CachedPost.class));
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
