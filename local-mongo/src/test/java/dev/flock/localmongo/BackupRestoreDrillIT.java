package dev.flock.localmongo;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore drill of the single-machine store (issue 11): write, back up while writes go on, write more, restore,
 * compare. Through the same entry points as {@code bin/flock backup} and {@code bin/flock restore}.
 */
class BackupRestoreDrillIT {

    @TempDir
    Path dir;

    private Path dataFile;
    private LocalMongoServer server;
    private MongoClient client;

    @AfterEach
    void stop() throws IOException {
        stopServer();
    }

    @Test
    void restoringASnapshotTakenDuringWritesBringsBackExactlyTheWritesAcknowledgedBeforeItEachOfThemWhole()
            throws Exception {
        startServer();
        MongoCollection<Document> posts = client.getDatabase("posts").getCollection("posts");
        MongoCollection<Document> accounts = client.getDatabase("accounts").getCollection("accounts");
        accounts.createIndex(Indexes.ascending("handle"), new IndexOptions().unique(true));
        posts.insertMany(List.of(
                new Document("_id", "p1").append("text", "first"), new Document("_id", "p2").append("text", "second")));

        // A writer that keeps going while the snapshot is taken: account n, with a unique handle, after n - 1.
        AtomicLong acknowledged = new AtomicLong(-1);
        AtomicLong issued = new AtomicLong(-1);
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (long n = 0; writing.get(); n++) {
                issued.set(n);
                accounts.insertOne(new Document("_id", n).append("handle", "user-" + n));
                acknowledged.set(n);
            }
        });
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= 200);

        long acknowledgedBefore = acknowledged.get();
        Path snapshot = dir.resolve("snapshot.zip");
        LocalMongo.backup(dataFile, snapshot);
        long issuedAfter = issued.get() + 1;
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= issuedAfter + 50);
        writing.set(false);
        writer.join();

        // Writes after the snapshot: an update, a delete, a new database.
        posts.updateOne(eq("_id", "p1"), Updates.set("text", "edited"));
        posts.deleteOne(eq("_id", "p2"));
        client.getDatabase("timelines").getCollection("homes").insertOne(new Document("_id", "late"));

        stopServer();
        Restore.restore(snapshot, dataFile);
        startServer();
        MongoCollection<Document> restoredPosts = client.getDatabase("posts").getCollection("posts");
        MongoCollection<Document> restoredAccounts =
                client.getDatabase("accounts").getCollection("accounts");

        assertThat(restoredPosts.find().sort(new Document("_id", 1)).into(new ArrayList<>()))
                .containsExactly(
                        new Document("_id", "p1").append("text", "first"),
                        new Document("_id", "p2").append("text", "second"));
        assertThat(client.listDatabaseNames().into(new ArrayList<>())).doesNotContain("timelines");

        List<Long> restored =
                restoredAccounts.find().map(account -> account.getLong("_id")).into(new ArrayList<>());
        long last = restored.stream().mapToLong(Long::longValue).max().orElse(-1);
        // No lost write: everything acknowledged before the backup began is there...
        assertThat(last).isGreaterThanOrEqualTo(acknowledgedBefore);
        // ...nothing issued after it returned...
        assertThat(last).isLessThan(issuedAfter);
        // ...and no hole: the writer's sequence up to the snapshot, each account found through its unique index too.
        assertThat(restored)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(0, last).boxed().toList());
        for (long n = 0; n <= last; n++) {
            assertThat(restoredAccounts.countDocuments(eq("handle", "user-" + n)))
                    .isEqualTo(1);
        }
        assertThat(Files.exists(dataFile.resolveSibling(dataFile.getFileName() + ".before-restore")))
                .isTrue();
    }

    @Test
    void restoreRefusesToReplaceTheFileOfARunningServer() throws Exception {
        startServer();
        client.getDatabase("posts").getCollection("posts").insertOne(new Document("_id", "p1"));
        Path snapshot = dir.resolve("snapshot.zip");
        LocalMongo.backup(dataFile, snapshot);

        assertThatThrownBy(() -> Restore.restore(snapshot, dataFile))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is running");
    }

    @Test
    void restoreRefusesAFileThatIsNoSnapshotAndLeavesTheDataAlone() throws Exception {
        startServer();
        client.getDatabase("posts").getCollection("posts").insertOne(new Document("_id", "kept"));
        stopServer();
        Path notASnapshot = Files.writeString(dir.resolve("notes.zip"), "not a zip");

        assertThatThrownBy(() -> Restore.restore(notASnapshot, dataFile)).isInstanceOf(IOException.class);

        startServer();
        assertThat(client.getDatabase("posts").getCollection("posts").countDocuments(eq("_id", "kept")))
                .isEqualTo(1);
    }

    private void startServer() throws IOException {
        dataFile = dir.resolve("flock-mongo.mv");
        server = LocalMongoServer.start(dataFile, 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.address().getPort());
    }

    private void stopServer() throws IOException {
        if (client != null) {
            client.close();
            client = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
