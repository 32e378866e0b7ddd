package dev.flock.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisPipelineException;

class RedisOutageTests {

    @Test
    void aPipelineWhoseCommandsTimedOutMeansRedisIsUnreachable() {
        var timedOut = new QueryTimeoutException("timed out", new RedisCommandTimeoutException("after 2 s"));

        assertThat(RedisOutage.unreachable(new RedisPipelineException(timedOut, List.<Object>of(timedOut))))
                .isTrue();
    }

    @Test
    void aPipelineOnABrokenPooledConnectionMeansRedisIsUnreachable() {
        // What Spring Data Redis throws when a pooled connection's link was cut: a timeout with no cause.
        var timedOut = new QueryTimeoutException("Redis command timed out");
        var inner = new RedisPipelineException(timedOut, List.<Object>of(timedOut));

        assertThat(RedisOutage.unreachable(new RedisPipelineException(inner))).isTrue();
    }

    @Test
    void aPipelineRefusedByRedisIsTheEventsFailureNotAnOutage() {
        var refused = new RedisSystemException("refused", new RedisCommandExecutionException("WRONGTYPE"));

        assertThat(RedisOutage.unreachable(new RedisPipelineException(refused, List.<Object>of(refused))))
                .isFalse();
    }
}
