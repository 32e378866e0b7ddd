package dev.flock.platform.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flock.contracts.Topology;
import dev.flock.platform.consume.RetryProperties;
import dev.flock.platform.publish.ConfirmedPublisher;
import dev.flock.platform.topology.WorkQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The account worker's queues, and the dead-letter tools, without the worker: replayed commands stay queued. */
@SpringBootApplication
class DeadLetterTestApplication {

    /** What the canary's status check answers, by command id. */
    static final Map<String, String> statuses = new ConcurrentHashMap<>();

    @Bean
    Declarables accountWorkerTopology(RetryProperties retry) {
        return new WorkQueue(
                        Topology.ACCOUNT_WORKER_COMMANDS,
                        Topology.COMMANDS_EXCHANGE,
                        List.of(Topology.ACCOUNT_COMMANDS_PATTERN))
                .declarables(retry.delays());
    }

    @Bean
    DeadLetterQueues deadLetterQueues(RabbitTemplate template, ConfirmedPublisher publisher, ObjectMapper mapper) {
        return new DeadLetterQueues(
                template,
                publisher,
                mapper,
                new DeadLetterProperties(3, Duration.ofSeconds(3)),
                (queue, commandId) -> java.util.Optional.ofNullable(statuses.get(commandId)));
    }
}
