package dev.flock.deadletters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.flock.platform.FlockPlatformAutoConfiguration;
import dev.flock.platform.command.CommandLogs;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.platform.publish.PublishProperties;
import java.time.Clock;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.amqp.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.amqp.RabbitConnectionDetails;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The dead-letter tools, for the applications that put this module on their classpath (the edge's admin API and
 * flock-admin). They need the broker, and MongoDB to follow a canary in the workers' command logs.
 */
@AutoConfiguration(
        after = {
            RabbitAutoConfiguration.class,
            JacksonAutoConfiguration.class,
            MongoAutoConfiguration.class,
            FlockPlatformAutoConfiguration.class
        })
@ConditionalOnBean({AbstractConnectionFactory.class, ConfirmedPublisher.class, MongoClient.class})
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLettersAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CommandLogs commandLogs(MongoClient mongo, Clock clock) {
        return new CommandLogs(mongo, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    RecordedOutcomes recordedOutcomes(CommandLogs logs) {
        return (commandType, commandId) -> logs.of(commandType).find(commandId);
    }

    @Bean
    DeadLetterBroker deadLetterBroker(
            RabbitTemplate template,
            AbstractConnectionFactory connections,
            RabbitConnectionDetails broker,
            ConfirmedPublisher publisher,
            DeadLetterProperties properties,
            PublishProperties publish) {
        return properties.broker() != null && properties.broker().configured()
                ? DeadLetterBroker.ownUser(properties.broker(), broker, connections, publish.confirmTimeout())
                : DeadLetterBroker.shared(template, publisher, connections, broker);
    }

    @Bean
    DeadLetterQueues deadLetterQueues(
            DeadLetterBroker broker, RecordedOutcomes outcomes, DeadLetterProperties properties, ObjectMapper mapper) {
        return new DeadLetterQueues(
                new QueueScan(broker.template()),
                new QueueDepths(broker.template()),
                broker.lock(),
                broker.publisher(),
                new Canary(outcomes, properties.canaryTimeout()),
                properties,
                mapper);
    }
}
