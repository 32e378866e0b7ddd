package dev.flock.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy (netcrusher) between a service and MongoDB or RabbitMQ, for fault tests: {@link #cut()} drops every
 * connection and refuses new ones, as a crashed server or a broken network would; {@link #restore()} lets traffic
 * through again on the same port.
 */
public final class FaultyLink implements AutoCloseable {

    private final NioReactor reactor;
    private final TcpCrusher crusher;
    private final int port;

    private FaultyLink(NioReactor reactor, TcpCrusher crusher, int port) {
        this.reactor = reactor;
        this.crusher = crusher;
        this.port = port;
    }

    public static FaultyLink to(String host, int targetPort) {
        try {
            NioReactor reactor = new NioReactor();
            int port = freePort();
            TcpCrusher crusher = TcpCrusherBuilder.builder()
                    .withReactor(reactor)
                    .withBindAddress("127.0.0.1", port)
                    .withConnectAddress(host, targetPort)
                    .buildAndOpen();
            return new FaultyLink(reactor, crusher, port);
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

    public synchronized void restore() {
        if (!crusher.isOpen()) {
            crusher.open();
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
}
