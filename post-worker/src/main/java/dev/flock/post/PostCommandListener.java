package dev.flock.post;

import com.rabbitmq.client.Channel;
import dev.flock.contracts.Topology;
import dev.flock.platform.consume.InboundProcessor;
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
    void onMessage(Message message, Channel channel) {
        postCommands.process(message, channel);
    }
}
