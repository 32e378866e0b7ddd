package dev.flock.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.DelayThrottler;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.core.throttle.ThrottlerFactory;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy (netcrusher) between a service and MongoDB or RabbitMQ, for fault tests. Three faults, each ended by
 * {@link #restore()}:
 * <ul>
 *   <li>{@link #cut()} drops every connection and refuses new ones, as a crashed server would;
 *   <li>{@link #freeze()} keeps connections open but lets no byte through, either way, and leaves new connections
 *       unanswered, as a hung server or a network that silently drops packets would;
 *   <li>{@link #delay(Duration)} lets everything through late, as a slow network would.
 * </ul>
 */
public final class FaultyLink implements AutoCloseable {

    private final NioReactor reactor;
    private final TcpCrusher crusher;
    private final Latency latency;
    private final int port;

    private FaultyLink(NioReactor reactor, TcpCrusher crusher, Latency latency, int port) {
        this.reactor = reactor;
        this.crusher = crusher;
        this.latency = latency;
        this.port = port;
    }

    public static FaultyLink to(String host, int targetPort) {
        try {
            NioReactor reactor = new NioReactor();
            int port = freePort();
            Latency latency = new Latency();
            TcpCrusher crusher = TcpCrusherBuilder.builder()
                    .withReactor(reactor)
                    .withBindAddress("127.0.0.1", port)
                    .withConnectAddress(host, targetPort)
                    .withOutgoingThrottlerFactory(latency)
                    .withIncomingThrottlerFactory(latency)
                    .buildAndOpen();
            return new FaultyLink(reactor, crusher, latency, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where clients connect instead of the real server. */
    public int port() {
        return port;
    }

    public synchronized void cut() {
        if (crusher.isOpen()) {
            crusher.close();
        }
    }

    /** No byte passes, but no connection closes: clients see neither an error nor an answer. */
    public synchronized void freeze() {
        if (crusher.isOpen() && !crusher.isFrozen()) {
            crusher.freeze();
        }
    }

    /**
     * Delays every chunk of bytes by {@code oneWay} in each direction, so a request and its answer take twice that
     * longer; {@link Duration#ZERO} ends it.
     */
    public void delay(Duration oneWay) {
        latency.set(oneWay);
    }

    /** Ends every fault: connections are accepted again, bytes flow again and without delay. */
    public synchronized void restore() {
        latency.set(Duration.ZERO);
        if (!crusher.isOpen()) {
            crusher.open();
        } else if (crusher.isFrozen()) {
            crusher.unfreeze();
        }
    }

    @Override
    public void close() {
        cut();
        reactor.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * netcrusher gives each connection its throttlers when the connection opens; this one hands out itself, and
     * asks netcrusher's {@link DelayThrottler} for the delay currently set, so a delay reaches open connections too.
     */
    private static final class Latency implements ThrottlerFactory, Throttler {

        private transient volatile Throttler current = Throttler.NOOP;

        @Override
        public Throttler allocate(InetSocketAddress client) {
            return this;
        }

        @Override
        public long calculateDelayNs(ByteBuffer bytes) {
            return current.calculateDelayNs(bytes);
        }

        void set(Duration oneWay) {
            current = oneWay.isZero() ? Throttler.NOOP : new DelayThrottler(oneWay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
