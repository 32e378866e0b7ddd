package dev.flock.deadletters;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.amqp.rabbit.support.RabbitExceptionTranslator;

/**
 * One operation at a time on a dead-letter queue, across every edge replica and command-line tool: the holder
 * declares the exclusive queue {@code <queue>.lock} on a connection of its own and keeps that connection open while
 * it works. The broker refuses the same declaration from any other connection ({@code RESOURCE_LOCKED}), and deletes
 * the queue with its connection, so a holder that crashes releases the lock.
 */
final class QueueLock {

    private static final int CLOSE_TIMEOUT_MILLIS = 5_000;

    private final ConnectionFactory connections;
    private final List<Address> addresses;

    /**
     * @param connections configured as the application's own (credentials, virtual host, TLS); the lock uses a copy
     *                    that never recovers a lost connection, since a lost connection is a lost lock
     */
    QueueLock(ConnectionFactory connections, List<Address> addresses) {
        this.connections = connections.clone();
        this.connections.setAutomaticRecoveryEnabled(false);
        this.connections.setTopologyRecoveryEnabled(false);
        this.addresses = List.copyOf(addresses);
    }

    /** @throws QueueBusyException when another operation holds {@code queue} */
    <T> T holding(String queue, Supplier<T> operation) {
        Connection connection = acquire(queue);
        try {
            return operation.get();
        } finally {
            // Abort, not close: the broker may have closed it already, which must not hide how the operation ended.
            connection.abort(CLOSE_TIMEOUT_MILLIS);
        }
    }

    private Connection acquire(String queue) {
        Connection connection;
        try {
            connection = connections.newConnection(addresses, "flock dead-letter lock " + queue);
        } catch (IOException | TimeoutException e) {
            throw RabbitExceptionTranslator.convertRabbitAccessException(e);
        }
        try {
            connection.createChannel().queueDeclare(queue + ".lock", false, true, true, null);
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.abort();
            if (resourceLocked(e)) {
                throw new QueueBusyException(queue);
            }
            throw RabbitExceptionTranslator.convertRabbitAccessException(e);
        }
    }

    private static boolean resourceLocked(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == AMQP.RESOURCE_LOCKED) {
                return true;
            }
        }
        return false;
    }
}
