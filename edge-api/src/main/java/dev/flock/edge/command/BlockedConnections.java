package dev.flock.edge.command;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionBlockedEvent;
import org.springframework.amqp.rabbit.connection.ConnectionUnblockedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The connections the broker says it blocks (a resource alarm). A send on one would wait for the whole confirm
 * timeout: while any is blocked, commands are refused at once instead.
 */
@Component
class BlockedConnections {

    private static final Logger log = LoggerFactory.getLogger(BlockedConnections.class);

    private final Set<Connection> blocked = ConcurrentHashMap.newKeySet();

    @EventListener
    void onBlocked(ConnectionBlockedEvent event) {
        log.warn("broker blocked publishing: {}", event.getReason());
        blocked.add(event.getConnection());
    }

    @EventListener
    void onUnblocked(ConnectionUnblockedEvent event) {
        log.info("broker unblocked publishing");
        blocked.remove(event.getConnection());
    }

    /**
     * The broker never unblocks a connection that closed while blocked (a node restart, {@code close_all_connections},
     * a network failure): only open connections count, and the next publish opens a new one.
     */
    boolean any() {
        blocked.removeIf(connection -> !connection.isOpen());
        return !blocked.isEmpty();
    }
}
