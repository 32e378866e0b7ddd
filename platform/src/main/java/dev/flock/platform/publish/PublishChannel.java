package dev.flock.platform.publish;

import com.rabbitmq.client.Channel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.amqp.rabbit.connection.ChannelProxy;

/**
 * The broker channel a message went out on, so that a channel whose publish was refused or never confirmed is closed
 * instead of going back into Spring's cache for the next publish.
 *
 * <p>Why: on RabbitMQ 3.10, a channel's first publish to a quorum queue registers the publisher with the queue, asking
 * the node that the queue's record names as leader. When a node goes silent (a partition), the other two elect a new
 * leader within seconds, but the record keeps naming the silent node until Erlang distribution gives it up
 * ({@code net_ticktime}): a channel that first publishes in that window asks the silent node, waits (no confirm),
 * then is nacked, and keeps asking that same node for every later publish, for as long as the partition lasts, since
 * the failed registration leaves its view of the queue as it was. Only a new channel reads the repaired record.
 * docs/reliability.md (T3, scenario 2) has the evidence.
 */
final class PublishChannel {

    /** Closing waits for the broker's close-ok (up to 10 s): never on the publishing thread. */
    private static final ExecutorService CLOSER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "flock-publish-channel-close");
        thread.setDaemon(true);
        return thread;
    });

    private final Channel target;

    private PublishChannel(Channel target) {
        this.target = target;
    }

    /** The physical channel behind Spring's cached one, as it is now (Spring replaces a closed one). */
    static PublishChannel of(Channel channel) {
        return new PublishChannel(channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel);
    }

    /** Closes it (once it is closing, Spring opens a new one in its place); any error closing it is moot. */
    void discard() {
        CLOSER.execute(() -> {
            try {
                target.abort();
            } catch (RuntimeException | java.io.IOException e) {
                // Already closed, or the connection is gone: either way it is not used again.
            }
        });
    }
}
