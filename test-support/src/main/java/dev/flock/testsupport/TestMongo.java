package dev.flock.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import org.testcontainers.containers.MongoDBContainer;

/**
 * A MongoDB of the test's own: a real one from Testcontainers where a Docker engine exists, otherwise the embedded
 * MongoDB-wire server (mongo-java-server) in this JVM. Flock's code runs unchanged on both.
 */
public final class TestMongo implements AutoCloseable {

    private final MongoServer embedded;
    private final MongoDBContainer container;
    private final String uri;

    private TestMongo(MongoServer embedded, MongoDBContainer container, String uri) {
        this.embedded = embedded;
        this.container = container;
        this.uri = uri;
    }

    public static TestMongo start() {
        if (Docker.available()) {
            MongoDBContainer container = new MongoDBContainer("mongo:7.0");
            container.start();
            return new TestMongo(null, container, container.getReplicaSetUrl());
        }
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        return new TestMongo(server, null, "mongodb://127.0.0.1:" + address.getPort());
    }

    /** Without a database name: each service picks its own. */
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.shutdownNow();
        }
        if (container != null) {
            container.stop();
        }
    }
}
