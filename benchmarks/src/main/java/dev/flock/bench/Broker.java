package dev.flock.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.flock.contracts.Topology;
import java.time.Duration;

/** How many messages wait in the work queues: the backlog of a workload. */
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

    /**
     * Waits until none of the work queues has a message ready, three polls in a row (a consumer may still hold its
     * last prefetched messages then, for moments): the backlog of one phase must not load the next.
     */
    void awaitSettled(Duration longest) throws Exception {
        long deadline = System.nanoTime() + longest.toNanos();
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline) {
            long ready = 0;
            for (String queue : Topology.WORK_QUEUES) {
                ready += ready(queue);
            }
            quiet = ready == 0 ? quiet + 1 : 0;
            Thread.sleep(1000);
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
