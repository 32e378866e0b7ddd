package dev.flock.timeline;

import com.rabbitmq.client.Channel;
import dev.flock.contracts.Topology;
import dev.flock.platform.consume.InboundProcessor;
import java.util.List;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

@Component
class TimelineEventListener {

    private final InboundProcessor timelineEvents;

    TimelineEventListener(InboundProcessor timelineEvents) {
        this.timelineEvents = timelineEvents;
    }

    @RabbitListener(id = "timeline-events", queues = Topology.TIMELINE_PROJECTOR_EVENTS)
    void onMessages(List<Message> messages, Channel channel) {
        timelineEvents.processBatch(messages, channel);
    }
}
