package dev.flock.localmongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the MongoDB wire protocol on 127.0.0.1 from one H2 file, so a single machine runs Flock without a MongoDB
 * installation and keeps its data across restarts. It has no replication, transactions or change streams; Flock
 * uses none of them. Not for production.
 *
 * <p>Settings: {@code FLOCK_MONGO_PORT} (27017), {@code FLOCK_MONGO_FILE} ({@code var/data/flock-mongo.mv}).
 */
public final class LocalMongo {

    private LocalMongo() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(env("FLOCK_MONGO_PORT", "27017"));
        Path file = Path.of(env("FLOCK_MONGO_FILE", "var/data/flock-mongo.mv")).toAbsolutePath();
        Files.createDirectories(file.getParent());

        MongoServer server = new MongoServer(new H2Backend(file.toString()));
        server.bind("127.0.0.1", port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            // Closing the backend flushes the H2 file: data survives a restart.
                            server.shutdown();
                            stopped.countDown();
                        },
                        "local-mongo-shutdown"));
        System.out.println("local MongoDB-wire server on 127.0.0.1:" + port + ", data in " + file);
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
