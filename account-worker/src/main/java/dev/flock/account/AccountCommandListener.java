package dev.flock.account;

import com.rabbitmq.client.Channel;
import dev.flock.contracts.Topology;
import dev.flock.platform.consume.InboundProcessor;
import java.util.List;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

@Component
class AccountCommandListener {

    private final InboundProcessor accountCommands;

    AccountCommandListener(InboundProcessor accountCommands) {
        this.accountCommands = accountCommands;
    }

    @RabbitListener(id = "account-commands", queues = Topology.ACCOUNT_WORKER_COMMANDS)
    void onMessages(List<Message> messages, Channel channel) {
        accountCommands.processBatch(messages, channel);
    }
}
