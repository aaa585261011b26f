package io.heliobase.server.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The store's single H2 MVStore file and its commit policy. H2 is tuned for one commit per second;
 * here every acknowledged write is a commit (a new chunk in the file), so:
 * <ul>
 *   <li>no background commits: they run at arbitrary times, even in the middle of a command;</li>
 *   <li>dead chunks are reused at once (retention 0) instead of after 45 s, which had grown the
 *       file by about 1 GB in 20 s of inserts;</li>
 *   <li>an fsync every {@value #SYNC_EVERY_COMMITS} commits while MVStore keeps that many versions,
 *       so no chunk is overwritten before the commit that replaced it is on disk: a power loss can
 *       lose the last commits but leaves a consistent file;</li>
 *   <li>chunks left sparse by random updates are compacted at most once a second, as H2's own
 *       background thread would.</li>
 * </ul>
 * All methods except {@link #open} are called with the command lock held, i.e. between commands.
 */
final class DataFile {

    static final String FILE_NAME = "heliobase.mv.db";

    private static final int SYNC_EVERY_COMMITS = 32;
    private static final long COMPACT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int COMPACT_BELOW_FILL_PERCENT = 50;
    private static final int COMPACT_MAX_WRITE_BYTES = 4 << 20;

    private final MVStore store;
    private int commitsSinceSync;
    private long lastCompaction = System.nanoTime();

    private DataFile(MVStore store) {
        this.store = store;
    }

    static DataFile open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the embedded store data directory " + dataDir, e);
        }
        try {
            MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .autoCommitBufferSize(0) // else a large unsaved change commits by itself, mid-command
                .open();
            store.setRetentionTime(0);
            store.setVersionsToKeep(SYNC_EVERY_COMMITS);
            return new DataFile(store);
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new IllegalStateException("The embedded store data file " + file
                    + " is in use by another process (or another store in this JVM). Stop that store"
                    + " or choose another data directory.", e);
            }
            throw new IllegalStateException("Cannot open the embedded store data file " + file + ": " + e.getMessage(), e);
        }
    }

    MVStore mvStore() {
        return store;
    }

    /** Writes everything changed so far to the file (a no-op when nothing changed). */
    void commit() {
        commitAndSyncPeriodically();
        long now = System.nanoTime();
        if (now - lastCompaction >= COMPACT_INTERVAL_NANOS) {
            lastCompaction = now;
            if (store.compact(COMPACT_BELOW_FILL_PERCENT, COMPACT_MAX_WRITE_BYTES)) {
                commitAndSyncPeriodically(); // the rewritten pages
            }
        }
    }

    /** Commits what is left, marks a clean shutdown and releases the file. */
    void close() {
        store.close();
    }

    /** Releases the file after a failed start, writing nothing. */
    void closeImmediately() {
        store.closeImmediately();
    }

    private void commitAndSyncPeriodically() {
        store.commit();
        if (++commitsSinceSync >= SYNC_EVERY_COMMITS) {
            store.sync();
            commitsSinceSync = 0;
        }
    }
}
