package dev.flock.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.flock.platform.consume.ConsumeProperties;
import dev.flock.platform.consume.ConsumingHealthIndicator;
import dev.flock.platform.consume.CrashCounter;
import dev.flock.platform.consume.FailurePolicy;
import dev.flock.platform.consume.InboundProcessors;
import dev.flock.platform.consume.RetryProperties;
import dev.flock.platform.message.MessageCodec;
import dev.flock.platform.metrics.CommandMeters;
import dev.flock.platform.metrics.QueueMeters;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.platform.publish.EventPublisher;
import dev.flock.platform.publish.PublishProperties;
import dev.flock.platform.trace.MessageTraces;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.amqp.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.amqp.RabbitTemplateCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoOperations;

/** The messaging and storage plumbing every Flock service shares. */
@AutoConfiguration(
        after = {
            RabbitAutoConfiguration.class,
            JacksonAutoConfiguration.class,
            MongoAutoConfiguration.class,
            MongoDataAutoConfiguration.class
        },
        beforeName =
                "org.springframework.boot.actuate.autoconfigure.data.mongo.MongoHealthContributorAutoConfiguration")
@EnableConfigurationProperties({RetryProperties.class, PublishProperties.class, ConsumeProperties.class})
public class FlockPlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MessageCodec messageCodec(ObjectMapper mapper) {
        return new MessageCodec(mapper);
    }

    @Bean
    ConfirmedPublisher confirmedPublisher(RabbitTemplate template, PublishProperties properties, MessageTraces traces) {
        return new ConfirmedPublisher(template, properties.confirmTimeout(), traces);
    }

    @Bean
    MessageTraces messageTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new MessageTraces(tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    EventPublisher eventPublisher(ConfirmedPublisher publisher, MessageCodec codec, Clock clock) {
        return new EventPublisher(publisher, codec, clock);
    }

    @Bean
    CommandMeters commandMeters(ObjectProvider<MeterRegistry> meters, Clock clock) {
        return new CommandMeters(meters.getIfAvailable(SimpleMeterRegistry::new), clock);
    }

    /** Queue depths and consumers as gauges; {@code flock.metrics.queues=false} turns them off. */
    @Bean
    @ConditionalOnProperty(name = "flock.metrics.queues", havingValue = "true", matchIfMissing = true)
    QueueMeters flockQueueMeters(ObjectProvider<AmqpAdmin> admin, Clock clock) {
        return new QueueMeters(admin, clock);
    }

    @Bean
    @ConditionalOnBean(MongoOperations.class)
    CrashCounter crashCounter(MongoOperations mongo, Clock clock) {
        return new CrashCounter(mongo, clock);
    }

    @Bean
    @ConditionalOnBean(CrashCounter.class)
    InboundProcessors inboundProcessors(
            MessageCodec codec,
            FailurePolicy failures,
            CrashCounter crashes,
            EventPublisher events,
            ObjectProvider<MeterRegistry> meters,
            CommandMeters commandMeters,
            MessageTraces traces) {
        return new InboundProcessors(
                codec,
                failures,
                crashes,
                events,
                meters.getIfAvailable(SimpleMeterRegistry::new),
                commandMeters,
                traces);
    }

    @Bean
    FailurePolicy failurePolicy(
            ConfirmedPublisher publisher, RetryProperties retry, Clock clock, ObjectProvider<MeterRegistry> meters) {
        return new FailurePolicy(publisher, retry, clock, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * On shutdown (SIGTERM), a listener finishes the message in hand before its channel closes; messages it had
     * prefetched but not started go back to the queue unacknowledged (Spring's default wait is 5 s). After a lost
     * connection, consumers try again every second (default 5 s), so a broker restart costs little.
     */
    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> flockListenerLifecycle(ConsumeProperties consume) {
        return container -> {
            container.setShutdownTimeout(20_000);
            container.setRecoveryInterval(1_000);
            // A batch goes to the listener once this long passed since its first message, full or not.
            container.setBatchReceiveTimeout(consume.batchReceiveTimeout().toMillis());
            container.setReceiveTimeout(consume.batchReceiveTimeout().toMillis());
        };
    }

    /**
     * Publish on a connection of its own: when the broker blocks publishers (memory or disk alarm), consumers on
     * the other connection can still acknowledge, and so drain the queues that caused the alarm.
     */
    @Bean
    RabbitTemplateCustomizer separatePublisherConnection() {
        return template -> template.setUsePublisherConnection(true);
    }

    /** {@code consuming} in the readiness group: a worker is ready once its listeners consume. */
    @Bean
    ConsumingHealthIndicator consumingHealthIndicator(RabbitListenerEndpointRegistry listeners) {
        return new ConsumingHealthIndicator(listeners);
    }

    /**
     * MongoDB health by {@code ping}, which every MongoDB and the embedded MongoDB-wire server answer (Spring Boot's
     * own indicator sends {@code hello}, which the embedded server does not know). Part of the readiness group.
     */
    @Bean
    @ConditionalOnBean(MongoClient.class)
    HealthIndicator mongoHealthIndicator(MongoClient client) {
        return () -> {
            client.getDatabase("admin").runCommand(new Document("ping", 1));
            return Health.up().build();
        };
    }

    /**
     * Fail fast when MongoDB is away, so the failure policy can retry later instead of a listener hanging. Applied
     * first, so that options in {@code SPRING_DATA_MONGODB_URI} still win.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    MongoClientSettingsBuilderCustomizer flockMongoTimeouts() {
        return settings -> settings.applyToClusterSettings(
                        cluster -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS))
                .applyToSocketSettings(
                        socket -> socket.connectTimeout(2, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS));
    }
}
