package dev.flock.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.contracts.Envelope;
import dev.flock.contracts.command.CreatePost;
import dev.flock.testsupport.FlockServiceTest;
import dev.flock.testsupport.TestCommands;
import dev.flock.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The broker blocks publishers (a memory alarm) while a worker applies commands: the writes are done, but the events
 * cannot go out. That is the broker's fault, not the commands': they must wait and be applied once the alarm is over,
 * never be dead-lettered.
 */
@FlockServiceTest(
        properties = {
            "spring.config.name=post-worker",
            "spring.rabbitmq.listener.simple.auto-startup=false",
            "flock.publish.confirm-timeout=1s"
        })
class PostWorkerBrokerAlarmIT {

    @Autowired
    TestCommands commands;

    @Autowired
    TestInfrastructure infrastructure;

    @Autowired
    RabbitListenerEndpointRegistry listeners;

    @Autowired
    MongoOperations mongo;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    MeterRegistry meters;

    @Test
    void commandsWhoseEventsTheBrokerRefusesWaitForTheAlarmToEndAndAreAppliedNotDeadLettered() throws Exception {
        String author = TestCommands.uniqueId();
        List<Envelope<?>> posts = IntStream.range(0, 3)
                .<Envelope<?>>mapToObj(i -> commands.send(
                        author, new CreatePost("post-" + TestCommands.uniqueId(), "alice", "during an alarm " + i)))
                .toList();

        try (var alarm = infrastructure.broker().memoryAlarm()) {
            listeners.start();
            // The worker has met the refusal: it holds a message, or (the defect) gave every one up, writes done.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> held() > 0 || (stored() == posts.size() && unacknowledged() == 0));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> deadLetters() > 0 || posts.stream().allMatch(post -> "APPLIED".equals(status(post))));

        assertThat(deadLetters()).isZero();
        assertThat(posts).allMatch(post -> "APPLIED".equals(status(post)));
    }

    private String status(Envelope<?> command) {
        var outcome = commands.outcome(command.id());
        return outcome == null ? "PENDING" : outcome.status();
    }

    private long stored() {
        return mongo.count(new Query(), PostDocument.class);
    }

    private long unacknowledged() {
        String listing = infrastructure
                .broker()
                .rabbitmqctl("list_queues", "-p", infrastructure.virtualHost(), "name", "messages_unacknowledged");
        return listing.lines()
                .map(line -> line.split("\\s+"))
                .filter(columns -> columns[0].equals("post-worker.commands"))
                .mapToLong(columns -> Long.parseLong(columns[1]))
                .sum();
    }

    private long deadLetters() {
        var info = admin.getQueueInfo("post-worker.commands.dlq");
        return info == null ? 0 : info.getMessageCount();
    }

    private double held() {
        var counter = meters.find("flock.messages.held").counter();
        return counter == null ? 0 : counter.count();
    }
}
