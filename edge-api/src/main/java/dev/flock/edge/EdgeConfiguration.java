package dev.flock.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.flock.edge.account.AccountReadModel;
import dev.flock.edge.post.PostReadModel;
import dev.flock.edge.read.ReadCircuitBreaker;
import dev.flock.edge.timeline.HomeTimelines;
import dev.flock.platform.command.CommandLogs;
import dev.flock.platform.mongo.Databases;
import dev.flock.platform.topology.Exchanges;
import dev.flock.timelines.TimelineRebuild;
import dev.flock.timelines.TimelineStore;
import dev.flock.timelines.TimelineStoreProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The edge's view of the system: the commands exchange it publishes to, and one template per database it reads
 * (the workers' and the projector's) or writes (its own, for idempotency keys only), and the home timelines in Redis.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimelineStoreProperties.class)
class EdgeConfiguration {

    @Bean
    TopicExchange commandsExchange() {
        return Exchanges.commands();
    }

    @Bean
    MongoTemplate accountsDatabase(MongoClient client) {
        return new MongoTemplate(client, Databases.ACCOUNTS);
    }

    @Bean
    MongoTemplate postsDatabase(MongoClient client) {
        return new MongoTemplate(client, Databases.POSTS);
    }

    @Bean
    MongoTemplate timelinesDatabase(MongoClient client) {
        return new MongoTemplate(client, Databases.TIMELINES);
    }

    /** Primary: the one the edge owns, and what Spring Boot's own Mongo beans get. */
    @Bean
    @Primary
    MongoTemplate edgeDatabase(MongoClient client) {
        return new MongoTemplate(client, Databases.EDGE);
    }

    @Bean
    AccountReadModel accountReadModel(@Qualifier("accountsDatabase") MongoTemplate accounts, ReadCircuitBreaker guard) {
        return new AccountReadModel(accounts, guard);
    }

    @Bean
    PostReadModel postReadModel(@Qualifier("postsDatabase") MongoTemplate posts, ReadCircuitBreaker guard) {
        return new PostReadModel(posts, guard);
    }

    @Bean
    TimelineStore timelineStore(
            StringRedisTemplate redis,
            @Qualifier("timelinesDatabase") MongoTemplate timelines,
            ObjectMapper json,
            TimelineStoreProperties properties) {
        return TimelineStore.create(redis, timelines, json, properties);
    }

    @Bean
    TimelineRebuild timelineRebuild(TimelineStore store) {
        return store.rebuild();
    }

    /** Redis's own circuit: while it is open, home timelines are read from the durable state at once. */
    @Bean
    HomeTimelines homeTimelines(
            TimelineStore store, PostReadModel posts, CircuitBreakerRegistry breakers, ReadCircuitBreaker guard) {
        return new HomeTimelines(store, posts, breakers.circuitBreaker("redis"), guard);
    }

    @Bean
    CommandLogs commandLogs(MongoClient client, Clock clock) {
        return new CommandLogs(client, clock);
    }

    /**
     * The edge answers HTTP requests: a read that waits long for MongoDB is better failed (then served from cache,
     * or answered 503). Applied after the shared defaults and before options in the URI, which still win.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    MongoClientSettingsBuilderCustomizer edgeMongoTimeouts() {
        return settings -> settings.applyToSocketSettings(socket -> socket.readTimeout(3, TimeUnit.SECONDS));
    }
}
