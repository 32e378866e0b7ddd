package dev.flock.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.command.CreatePost;
import dev.flock.testsupport.FlockServiceTest;
import dev.flock.testsupport.ServiceProcess;
import dev.flock.testsupport.TestCommands;
import dev.flock.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A message that kills its consumer's JVM every time, delivered in one burst with healthy commands: the worker
 * prefetches them together, so each crash hands all of them back. The poison must end in the dead-letter queue, and
 * the healthy commands must all be applied, not dead-lettered along with it.
 */
@FlockServiceTest(
        properties = {
            "spring.config.name=post-worker",
            // Only the worker process consumes; this context publishes and reads outcomes.
            "spring.rabbitmq.listener.simple.auto-startup=false"
        })
class PostWorkerCrashLoopIT {

    @Autowired
    TestCommands commands;

    @Autowired
    TestInfrastructure infrastructure;

    @Test
    void healthyCommandsPrefetchedWithAJvmKillingOneAreAllApplied() {
        String author = TestCommands.uniqueId();
        Envelope<?> poison = commands.send(author, post(HaltingPostWorker.POISON));
        List<Envelope<?>> healthy = IntStream.range(0, 5)
                .<Envelope<?>>mapToObj(i -> commands.send(author, post("healthy " + i)))
                .toList();

        try (ServiceProcess worker =
                ServiceProcess.start("halting-post-worker", HaltingPostWorker.class, workerProperties())) {
            // A supervisor restarts the worker whenever it dies, until every command has an ending.
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!worker.isAlive()) {
                            worker.start();
                        }
                        return healthy.stream().allMatch(command -> commands.outcome(command.id()) != null)
                                || healthy.stream()
                                        .anyMatch(command -> deadLettered().contains(command.id()));
                    });
            assertThat(worker.starts()).as("the worker died for the poison").isGreaterThan(1);
        }

        assertThat(healthy).allSatisfy(command -> assertThat(commands.outcome(command.id()))
                .as("outcome of %s", command.id())
                .isNotNull()
                .extracting(TestCommands.Outcome::status)
                .isEqualTo("APPLIED"));
        assertThat(commands.awaitOutcome(poison.id()))
                .isEqualTo(new TestCommands.Outcome("FAILED", "CRASHED_CONSUMER", null));
        assertThat(deadLettered()).containsExactly(poison.id());
    }

    private List<String> deadLettered() {
        return commands.peek("post-worker.commands.dlq").stream()
                .map(message -> message.getMessageProperties().getMessageId())
                .toList();
    }

    private Map<String, String> workerProperties() {
        Map<String, String> properties = new HashMap<>(infrastructure.properties());
        properties.put("server.port", "0");
        return properties;
    }

    private static CreatePost post(String text) {
        return new CreatePost("post-" + TestCommands.uniqueId(), "alice", text);
    }
}
