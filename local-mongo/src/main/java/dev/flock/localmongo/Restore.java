package dev.flock.localmongo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.h2.mvstore.MVStore;

/**
 * Puts a snapshot back in place of the data file, with the server stopped: a running server keeps the file open and
 * would overwrite it. The current file is kept beside it as {@code <file>.before-restore} until the next restore.
 */
final class Restore {

    private Restore() {}

    static void restore(Path snapshot, Path dataFile) throws IOException {
        if (ControlSocket.answers(ControlSocket.of(dataFile))) {
            throw new IOException("the local MongoDB server of " + dataFile + " is running; stop it first");
        }
        Path restoring = dataFile.resolveSibling(dataFile.getFileName() + ".restoring");
        extractStore(snapshot, restoring);
        checkReadable(restoring);
        if (Files.exists(dataFile)) {
            Files.move(
                    dataFile,
                    dataFile.resolveSibling(dataFile.getFileName() + ".before-restore"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(restoring, dataFile, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The snapshot of a store nobody has open: the same zip SnapshotBackend writes. */
    static void zipStore(Path dataFile, Path snapshot) throws IOException {
        if (!Files.isRegularFile(dataFile)) {
            throw new IOException("no data file " + dataFile);
        }
        Path partial = snapshot.resolveSibling(snapshot.getFileName() + ".partial");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
            zip.putNextEntry(new ZipEntry(dataFile.getFileName().toString()));
            Files.copy(dataFile, zip);
            zip.closeEntry();
        }
        Files.move(partial, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A snapshot is a zip with one entry, the H2 file (SnapshotBackend); anything else is refused. */
    private static void extractStore(Path snapshot, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(snapshot))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null || !entry.getName().endsWith(".mv")) {
                throw new IOException(snapshot + " is not a Flock snapshot (a zip holding one .mv file)");
            }
            try (InputStream in = zip) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Opens the extracted store read-only: a damaged snapshot fails here, before the data file is touched. */
    private static void checkReadable(Path store) throws IOException {
        try (MVStore opened =
                new MVStore.Builder().fileName(store.toString()).readOnly().open()) {
            opened.getMapNames();
        } catch (RuntimeException e) {
            Files.deleteIfExists(store);
            throw new IOException("the snapshot's store cannot be read: " + e.getMessage(), e);
        }
    }
}
