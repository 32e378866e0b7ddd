package dev.flock.post;

import com.rabbitmq.client.Channel;
import dev.flock.contracts.Topology;
import dev.flock.platform.consume.InboundProcessor;
import java.util.List;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

@Component
class PostCommandListener {

    private final InboundProcessor postCommands;

    PostCommandListener(InboundProcessor postCommands) {
        this.postCommands = postCommands;
    }

    @RabbitListener(id = "post-commands", queues = Topology.POST_WORKER_COMMANDS)
    void onMessages(List<Message> messages, Channel channel) {
        postCommands.processBatch(messages, channel);
    }
}
