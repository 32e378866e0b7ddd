package dev.flock.edge;

import com.mongodb.client.MongoClient;
import dev.flock.edge.account.AccountReadModel;
import dev.flock.edge.post.PostReadModel;
import dev.flock.edge.read.ReadCircuitBreaker;
import dev.flock.edge.timeline.HomeTimelineReadModel;
import dev.flock.platform.command.CommandLogs;
import dev.flock.platform.mongo.Databases;
import dev.flock.platform.topology.Exchanges;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The edge's view of the system: the commands exchange it publishes to, and one template per database it reads
 * (the workers' and the projector's) or writes (its own, for idempotency keys only).
 */
@Configuration(proxyBeanMethods = false)
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
    HomeTimelineReadModel homeTimelineReadModel(
            @Qualifier("timelinesDatabase") MongoTemplate timelines, ReadCircuitBreaker guard) {
        return new HomeTimelineReadModel(timelines, guard);
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
