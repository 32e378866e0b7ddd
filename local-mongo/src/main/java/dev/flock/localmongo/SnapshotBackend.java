package dev.flock.localmongo;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.zip.ZipOutputStream;

/**
 * The H2 backend of the embedded server, able to write a consistent snapshot of itself while it serves.
 *
 * <p>One MongoDB write is several changes to H2's maps (the document, then each index), and H2 may persist a version
 * between two of them. So every request runs under a shared lock, and a snapshot takes it exclusively: it waits for
 * the requests in flight, commits, and copies the store with H2's own online backup while new requests wait. The
 * snapshot holds exactly the writes acknowledged before it began, each of them whole.
 */
final class SnapshotBackend extends H2Backend {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    SnapshotBackend(Path file) {
        super(file.toString());
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return serving(() -> super.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return serving(() -> super.handleQuery(query));
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return serving(() -> super.handleMessage(message));
    }

    @Override
    public void dropDatabase(String database) {
        serving(() -> {
            super.dropDatabase(database);
            return null;
        });
    }

    /**
     * Writes the snapshot to {@code target} (a zip holding the H2 file), via a temporary file beside it so that
     * {@code target} is either absent or complete. Returns how long requests waited for it.
     */
    long snapshot(Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        lock.writeLock().lock();
        long start = System.nanoTime();
        try {
            commit();
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
                getMvStore().getFileStore().backup(zip);
            }
        } finally {
            lock.writeLock().unlock();
        }
        long pausedMillis = (System.nanoTime() - start) / 1_000_000;
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return pausedMillis;
    }

    private <T> T serving(Supplier<T> request) {
        lock.readLock().lock();
        try {
            return request.get();
        } finally {
            lock.readLock().unlock();
        }
    }
}
