package dev.flock.timelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Home timelines and what they are made of, for the projector (which writes them), the edge (which reads them) and
 * the operator's rebuild. {@code timelinesDatabase} is the projector's own database.
 */
public record TimelineStore(
        TimelineKeys keys,
        RedisTimelines timelines,
        RedisFollowing following,
        PostCache posts,
        HomePages pages,
        DurableTimelines durable,
        TimelineRebuild rebuild) {

    public static TimelineStore create(
            StringRedisTemplate redis,
            MongoOperations timelinesDatabase,
            ObjectMapper json,
            TimelineStoreProperties properties) {
        TimelineKeys keys = TimelineKeys.of(properties);
        RedisTimelines timelines = new RedisTimelines(redis, properties.capacity());
        RedisFollowing following = new RedisFollowing(redis, keys);
        DurableTimelines durable = new DurableTimelines(timelinesDatabase, properties.capacity());
        return new TimelineStore(
                keys,
                timelines,
                following,
                new PostCache(redis, keys, json, properties.postCacheTtl()),
                new HomePages(redis, keys, properties.capacity()),
                durable,
                new TimelineRebuild(durable, timelines, following, keys));
    }
}
