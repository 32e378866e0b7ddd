package dev.flock.localmongo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The embedded server's control channel: a Unix domain socket beside the data file, readable and writable by its
 * owner only, so nothing on the network and no other user can ask for a snapshot. One request per connection, one
 * line each way: {@code backup /absolute/path.zip} answers {@code ok <milliseconds requests waited>} or
 * {@code error <reason>}.
 */
final class ControlSocket implements AutoCloseable {

    private final Path path;
    private final ServerSocketChannel channel;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel channel, SnapshotBackend backend) {
        this.path = path;
        this.channel = channel;
        this.acceptor = new Thread(() -> serve(backend), "local-mongo-control");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The socket of the server whose data is in {@code dataFile}. */
    static Path of(Path dataFile) {
        return dataFile.resolveSibling(dataFile.getFileName() + ".sock");
    }

    static ControlSocket open(Path path, SnapshotBackend backend) throws IOException {
        if (answers(path)) {
            throw new IOException("another local MongoDB server uses " + path);
        }
        // Left behind by a server that was killed: nobody answers on it.
        Files.deleteIfExists(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return new ControlSocket(path, channel, backend);
    }

    /** Whether a running server listens on {@code path}. */
    static boolean answers(Path path) {
        if (!Files.exists(path)) {
            return false;
        }
        try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the server listening on {@code path} for one request; returns its one-line answer. */
    static String request(Path path, String request) throws IOException {
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            PrintWriter out = new PrintWriter(Channels.newWriter(client, StandardCharsets.UTF_8), true);
            out.println(request);
            String answer = new BufferedReader(
                            new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8))
                    .readLine();
            return answer == null ? "error the server closed the connection" : answer;
        }
    }

    private void serve(SnapshotBackend backend) {
        while (channel.isOpen()) {
            try (SocketChannel client = channel.accept()) {
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Channels.newWriter(client, StandardCharsets.UTF_8), true);
                out.println(answer(in.readLine(), backend));
            } catch (IOException e) {
                if (channel.isOpen()) {
                    System.err.println("local-mongo control: " + e);
                }
            }
        }
    }

    private static String answer(String request, SnapshotBackend backend) {
        if (request == null || !request.startsWith("backup ")) {
            return "error unknown request (expected: backup /absolute/path.zip)";
        }
        Path target = Path.of(request.substring("backup ".length()).trim());
        if (!target.isAbsolute()) {
            return "error the backup path must be absolute: " + target;
        }
        try {
            long pausedMillis = backend.snapshot(target);
            System.out.println(
                    "local-mongo: snapshot written to " + target + " (requests waited " + pausedMillis + " ms)");
            return "ok " + pausedMillis;
        } catch (IOException | RuntimeException e) {
            return "error " + e;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
