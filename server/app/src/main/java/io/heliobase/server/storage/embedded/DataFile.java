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
 * The store's single H2 MVStore file and its commit policy. Every commit writes a new chunk, so the
 * file is configured for one commit per write (instead of H2's one per second):
 * <ul>
 *   <li>no background commits: they run at arbitrary times, even in the middle of a command;</li>
 *   <li>dead chunks are reused at once (retention 0) rather than after 45 s, which grew the file
 *       by about 1 GB in 20 s of inserts;</li>
 *   <li>an fsync every {@value #SYNC_EVERY_COMMITS} commits, and MVStore keeps that many versions, so
 *       no chunk is overwritten before the commit that replaced it is on disk: a power loss can lose
 *       the last commits but leaves a consistent file;</li>
 *   <li>compaction of sparse chunks at most once a second, which H2's background thread did before.</li>
 * </ul>
 * All methods except {@link #open} are called with the command lock held, i.e. between commands.
 */
final class DataFile {

    static final String FILE_NAME = "heliobase.mv.db";

    private static final int SYNC_EVERY_COMMITS = 16;
    private static final long COMPACT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(Integer.getInteger("x.interval", 1000));
    private static final int COMPACT_BELOW_FILL_PERCENT = Integer.getInteger("x.fill", 50);
    private static final int COMPACT_MAX_WRITE_BYTES = Integer.getInteger("x.write", 1 << 20);
    private static final int COMPACT_ON_CLOSE_MILLIS = 2_000;

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
            if (store.getFileStore() instanceof org.h2.mvstore.RandomAccessStore rs && store.getFillRate() < Integer.getInteger("x.filefill", 0)) {
                rs.compactMoveChunks(Integer.getInteger("x.filefill", 0), Integer.getInteger("x.move", 16 << 20), store);
            }
            if (store.compact(COMPACT_BELOW_FILL_PERCENT, COMPACT_MAX_WRITE_BYTES)) {
                commitAndSyncPeriodically(); // the rewritten pages
            }
        }
    }

    /** Commits, compacts for a bounded time and truncates the file, then releases it. */
    void close() {
        store.close(COMPACT_ON_CLOSE_MILLIS);
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
