package dev.flock.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.flock.platform.deadletter.CommandLogStatuses;
import dev.flock.platform.deadletter.DeadLetterProperties;
import dev.flock.platform.deadletter.DeadLetterQueues;
import dev.flock.platform.mongo.Databases;
import dev.flock.platform.publish.ConfirmedPublisher;
import java.time.Clock;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    DeadLetterQueues deadLetterQueues(
            RabbitTemplate template,
            ConfirmedPublisher publisher,
            ObjectMapper mapper,
            DeadLetterProperties properties,
            MongoClient mongo,
            Clock clock) {
        var statuses = new CommandLogStatuses(
                new MongoTemplate(mongo, Databases.ACCOUNTS), new MongoTemplate(mongo, Databases.POSTS), clock);
        return new DeadLetterQueues(template, publisher, mapper, properties, statuses);
    }
}
