package io.heliobase.server.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/** Opens the store's single H2 MVStore file, with the background auto-commit turned off. */
final class DataFile {

    static final String FILE_NAME = "heliobase.mv.db";

    private DataFile() {
    }

    static MVStore open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded store data directory " + dataDir, e);
        }
        try {
            // No background commits: they run at arbitrary times (even mid-command) and lose the
            // last second on a kill. DurableCommits commits after each write instead.
            MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .autoCommitBufferSize(0)
                .open();
            store.setRetentionTime(Integer.getInteger("bench.retention", 45000));
            return store;
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new IllegalStateException("The embedded store data file " + file
                    + " is in use by another process (or another store in this JVM). Stop that store"
                    + " or choose another data directory.", e);
            }
            throw new IllegalStateException("Cannot open the embedded store data file " + file + ": " + e.getMessage(), e);
        }
    }
}
