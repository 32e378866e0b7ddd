package dev.flock.deadletters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.rabbitmq.client.Address;
import dev.flock.platform.FlockPlatformAutoConfiguration;
import dev.flock.platform.command.CommandLogs;
import dev.flock.platform.publish.ConfirmedPublisher;
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
    DeadLetterQueues deadLetterQueues(
            RabbitTemplate template,
            AbstractConnectionFactory connections,
            RabbitConnectionDetails broker,
            ConfirmedPublisher publisher,
            RecordedOutcomes outcomes,
            DeadLetterProperties properties,
            ObjectMapper mapper) {
        QueueLock lock = new QueueLock(
                connections.getRabbitConnectionFactory(),
                broker.getAddresses().stream()
                        .map(address -> new Address(address.host(), address.port()))
                        .toList());
        return new DeadLetterQueues(
                new QueueScan(template),
                new QueueDepths(template),
                lock,
                publisher,
                new Canary(outcomes, properties.canaryTimeout()),
                properties,
                mapper);
    }
}
