package dev.flock.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.contracts.MessageType;
import dev.flock.contracts.Topology;
import dev.flock.contracts.event.AccountFollowed;
import dev.flock.contracts.event.AccountUnfollowed;
import dev.flock.contracts.event.PostCreated;
import dev.flock.contracts.event.PostDeleted;
import dev.flock.platform.consume.EventHandlers;
import dev.flock.platform.consume.InboundProcessor;
import dev.flock.platform.consume.InboundProcessors;
import dev.flock.platform.consume.RetryProperties;
import dev.flock.platform.topology.WorkQueue;
import dev.flock.timelines.TimelineStore;
import dev.flock.timelines.TimelineStoreProperties;
import java.util.List;
import org.springframework.amqp.core.Declarables;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The projector's queue, bound to the four events a home timeline depends on, and their handlers; the timelines in
 * Redis and the durable state in the projector's own database.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimelineStoreProperties.class)
class TimelineProjectorConfiguration {

    @Bean
    TimelineStore timelineStore(
            StringRedisTemplate redis, MongoOperations mongo, ObjectMapper json, TimelineStoreProperties properties) {
        return TimelineStore.create(redis, mongo, json, properties);
    }

    @Bean
    Declarables timelineProjectorTopology(RetryProperties retry) {
        List<String> events = List.of(
                MessageType.POST_CREATED.id(),
                MessageType.POST_DELETED.id(),
                MessageType.ACCOUNT_FOLLOWED.id(),
                MessageType.ACCOUNT_UNFOLLOWED.id());
        return new WorkQueue(Topology.TIMELINE_PROJECTOR_EVENTS, Topology.EVENTS_EXCHANGE, events)
                .declarables(retry.delays());
    }

    @Bean
    InboundProcessor timelineEvents(TimelineProjection projection, RedisOutage redis, InboundProcessors inbound) {
        EventHandlers handlers = new EventHandlers()
                .on(PostCreated.class, redis.holding(projection::onPostCreated))
                .on(PostDeleted.class, redis.holding(projection::onPostDeleted))
                .on(AccountFollowed.class, redis.holding(projection::onAccountFollowed))
                .on(AccountUnfollowed.class, redis.holding(projection::onAccountUnfollowed));
        return inbound.events(Topology.TIMELINE_PROJECTOR_EVENTS, handlers);
    }
}
