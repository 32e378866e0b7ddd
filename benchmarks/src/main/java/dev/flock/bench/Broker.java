package dev.flock.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/** How many messages wait in a queue: the backlog of a workload. */
final class Broker implements AutoCloseable {

    private final Connection connection;

    Broker(String uri) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        this.connection = factory.newConnection("flock-bench");
    }

    /** Messages ready in the queue (not counting those delivered and not yet acknowledged). */
    long ready(String queue) throws Exception {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
