package dev.flock.platform.consume;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.AsyncConsumerStoppedEvent;
import org.springframework.amqp.rabbit.listener.ConsumeOkEvent;
import org.springframework.amqp.rabbit.listener.ListenerContainerConsumerFailedEvent;
import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.event.EventListener;

/**
 * Ready means consuming: UP only once the broker confirmed every listener's consumer ({@code basic.consume-ok}), and
 * DOWN again while one has failed or stopped. A worker whose process runs but whose listener has not subscribed yet
 * takes no share of the queue, so it is not ready. Part of the readiness group.
 */
public final class ConsumingHealthIndicator implements HealthIndicator {

    private final RabbitListenerEndpointRegistry listeners;
    private final Set<String> consumedQueues = ConcurrentHashMap.newKeySet();

    public ConsumingHealthIndicator(RabbitListenerEndpointRegistry listeners) {
        this.listeners = listeners;
    }

    @EventListener
    void consuming(ConsumeOkEvent event) {
        consumedQueues.add(event.getQueue());
    }

    @EventListener
    void failed(ListenerContainerConsumerFailedEvent event) {
        consumedQueues.removeAll(queuesOf(event.getSource()));
    }

    @EventListener
    void stopped(AsyncConsumerStoppedEvent event) {
        consumedQueues.removeAll(queuesOf(event.getSource()));
    }

    @Override
    public Health health() {
        List<String> waiting = listeners.getListenerContainers().stream()
                .flatMap(container -> waitingQueues(container).stream())
                .toList();
        return waiting.isEmpty()
                ? Health.up().build()
                : Health.down().withDetail("notConsuming", waiting).build();
    }

    private List<String> waitingQueues(MessageListenerContainer container) {
        List<String> queues = queuesOf(container);
        return container.isRunning()
                ? queues.stream()
                        .filter(queue -> !consumedQueues.contains(queue))
                        .toList()
                : queues;
    }

    private static List<String> queuesOf(Object container) {
        return container instanceof AbstractMessageListenerContainer listener
                ? Arrays.asList(listener.getQueueNames())
                : List.of();
    }
}
