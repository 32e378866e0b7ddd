package dev.flock.deadletters;

import dev.flock.platform.command.CommandLogs;
import dev.flock.platform.consume.RetryProperties;
import dev.flock.platform.topology.WorkQueue;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.amqp.core.Declarables;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The account worker's queues and the dead-letter tools, without the worker: replayed commands stay queued unless a
 * test stands in for the worker ({@link StandInWorker}).
 */
@SpringBootApplication
class DeadLetterTestApplication {

    /** How often a canary looked at the command log. */
    static final AtomicInteger outcomeLookups = new AtomicInteger();

    /** As SPEC §3 names them. */
    @Bean
    Declarables accountWorkerTopology(RetryProperties retry) {
        return new WorkQueue("account-worker.commands", "flock.commands", List.of("account.#"))
                .declarables(retry.delays());
    }

    /** The real command logs, counting the looks. */
    @Bean
    RecordedOutcomes countedOutcomes(CommandLogs logs) {
        return (commandType, commandId) -> {
            outcomeLookups.incrementAndGet();
            return logs.of(commandType).find(commandId);
        };
    }
}
