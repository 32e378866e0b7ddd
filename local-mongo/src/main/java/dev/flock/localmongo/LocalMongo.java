package dev.flock.localmongo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the MongoDB wire protocol on 127.0.0.1 from one H2 file, so a single machine runs Flock without a MongoDB
 * installation and keeps its data across restarts. It has no replication, transactions or change streams; Flock
 * uses none of them. Not for production.
 *
 * <ul>
 *   <li>no argument: serve ({@code bin/flock up});
 *   <li>{@code backup FILE}: ask the running server for a consistent snapshot into FILE, while it serves
 *       ({@code bin/flock backup});
 *   <li>{@code restore FILE}: put snapshot FILE in place of the data file, with the server stopped
 *       ({@code bin/flock restore}).
 * </ul>
 *
 * <p>Settings: {@code FLOCK_MONGO_PORT} (27017), {@code FLOCK_MONGO_FILE} ({@code var/data/flock-mongo.mv}); the
 * control socket is the data file's name plus {@code .sock}.
 */
public final class LocalMongo {

    private LocalMongo() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path file = Path.of(env("FLOCK_MONGO_FILE", "var/data/flock-mongo.mv")).toAbsolutePath();
        if (args.length == 0) {
            serve(file, Integer.parseInt(env("FLOCK_MONGO_PORT", "27017")));
            return;
        }
        if (args.length != 2 || !(args[0].equals("backup") || args[0].equals("restore"))) {
            System.err.println("usage: local-mongo [backup FILE | restore FILE]");
            System.exit(2);
        }
        Path snapshot = Path.of(args[1]).toAbsolutePath();
        try {
            if (args[0].equals("backup")) {
                backup(file, snapshot);
            } else {
                Restore.restore(snapshot, file);
                System.out.println("restored " + snapshot + " into " + file);
            }
        } catch (IOException e) {
            System.err.println("local-mongo " + args[0] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    static void backup(Path dataFile, Path snapshot) throws IOException {
        Path socket = ControlSocket.of(dataFile);
        if (!ControlSocket.answers(socket)) {
            // Nobody has the file open: it is consistent as it is.
            Restore.zipStore(dataFile, snapshot);
            System.out.println("backed up " + dataFile + " to " + snapshot + " (the server was not running)");
            return;
        }
        String answer = ControlSocket.request(socket, "backup " + snapshot);
        if (!answer.startsWith("ok ")) {
            throw new IOException(answer.replaceFirst("^error ", ""));
        }
        System.out.println("backed up " + dataFile + " to " + snapshot + " (writes waited "
                + answer.substring("ok ".length()) + " ms)");
    }

    private static void serve(Path file, int port) throws IOException, InterruptedException {
        LocalMongoServer server = LocalMongoServer.start(file, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close();
                            } catch (IOException e) {
                                System.err.println("local-mongo: " + e);
                            }
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
