package dev.flock.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flock.testsupport.FlockServiceTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;

/** A worker is ready only while it consumes: a process that has not subscribed yet takes no share of the queue. */
@FlockServiceTest(properties = {"spring.config.name=post-worker", "spring.rabbitmq.listener.simple.auto-startup=false"})
class PostWorkerReadinessIT {

    @Autowired
    HealthEndpoint health;

    @Autowired
    RabbitListenerEndpointRegistry listeners;

    @Autowired
    AmqpAdmin admin;

    @Test
    void theWorkerIsReadyOnlyWhileItsListenerConsumes() {
        assertThat(readiness()).as("before the listener started").isEqualTo(Status.DOWN);

        listeners.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> readiness().equals(Status.UP));
        assertThat(admin.getQueueInfo("post-worker.commands").getConsumerCount())
                .as("consumers the broker counts once the worker is ready")
                .isEqualTo(1);

        listeners.stop();

        assertThat(readiness()).as("after the listener stopped").isEqualTo(Status.DOWN);
    }

    private Status readiness() {
        return health.healthForPath("readiness").getStatus();
    }
}
