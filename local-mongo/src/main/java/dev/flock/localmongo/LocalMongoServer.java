package dev.flock.localmongo;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** One running embedded server: the MongoDB wire protocol on the loopback, its data file and its control socket. */
final class LocalMongoServer implements AutoCloseable {

    private final MongoServer server;
    private final ControlSocket control;

    private LocalMongoServer(MongoServer server, ControlSocket control) {
        this.server = server;
        this.control = control;
    }

    /** Serves {@code file} on 127.0.0.1:{@code port} (0: any free port). */
    static LocalMongoServer start(Path file, int port) throws IOException {
        Files.createDirectories(file.getParent());
        SnapshotBackend backend = new SnapshotBackend(file);
        ControlSocket control;
        try {
            control = ControlSocket.open(ControlSocket.of(file), backend);
        } catch (IOException e) {
            backend.close();
            throw e;
        }
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        return new LocalMongoServer(server, control);
    }

    InetSocketAddress address() {
        return server.getLocalAddress();
    }

    /** Stops serving; closing the backend flushes the H2 file, so the data survives a restart. */
    @Override
    public void close() throws IOException {
        control.close();
        server.shutdown();
    }
}
