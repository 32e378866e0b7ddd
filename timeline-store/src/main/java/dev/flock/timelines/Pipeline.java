package dev.flock.timelines;

import java.util.List;
import java.util.function.Consumer;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Sends commands in one round trip and returns their answers in order. */
final class Pipeline {

    private Pipeline() {}

    static List<Object> run(StringRedisTemplate redis, Consumer<RedisOperations<String, String>> commands) {
        return redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
                commands.accept((RedisOperations<String, String>) operations);
                return null;
            }
        });
    }
}
