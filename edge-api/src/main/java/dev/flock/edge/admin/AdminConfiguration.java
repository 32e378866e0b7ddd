package dev.flock.edge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.platform.deadletter.CommandLogStatuses;
import dev.flock.platform.deadletter.DeadLetterProperties;
import dev.flock.platform.deadletter.DeadLetterQueues;
import dev.flock.platform.publish.ConfirmedPublisher;
import java.time.Clock;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadLetterProperties.class)
class AdminConfiguration {

    @Bean
    DeadLetterQueues deadLetterQueues(
            RabbitTemplate template,
            ConfirmedPublisher publisher,
            ObjectMapper mapper,
            DeadLetterProperties properties,
            @Qualifier("accountsDatabase") MongoTemplate accounts,
            @Qualifier("postsDatabase") MongoTemplate posts,
            Clock clock) {
        var statuses = new CommandLogStatuses(accounts, posts, clock);
        return new DeadLetterQueues(template, publisher, mapper, properties, statuses);
    }
}
