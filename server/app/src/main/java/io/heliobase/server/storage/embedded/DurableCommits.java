package io.heliobase.server.storage.embedded;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.exception.MongoServerException;

/**
 * Makes every acknowledged write durable against a process kill: the MVStore is committed after
 * the write and before its reply is released. Commits happen only while the command lock is held,
 * so a commit never captures half of a command (a document without its unique-index entry).
 * <p>
 * Group commit: a writer that finds its write not yet committed becomes the leader, takes the
 * command lock once and commits everything applied so far; writers that queued behind it find
 * their write already covered and return without a commit of their own.
 */
final class DurableCommits {

    /** How writes reach the file; {@link #GROUPED} is the default, the other exists for measurement. */
    enum Mode { GROUPED, EACH_WRITE }

    static final java.util.concurrent.atomic.LongAdder COMMIT_NANOS = new java.util.concurrent.atomic.LongAdder();
    static final java.util.concurrent.atomic.LongAdder COMMAND_NANOS = new java.util.concurrent.atomic.LongAdder();
    static final java.util.concurrent.atomic.LongAdder COMMANDS = new java.util.concurrent.atomic.LongAdder();
    private final MVStore store;
    private final ReentrantLock commandLock;
    private final Mode mode;
    private final ReentrantLock leaderLock = new ReentrantLock();
    private final AtomicLong commitCount = new AtomicLong();
    private long writesApplied;              // guarded by commandLock
    private volatile long writesCommitted;

    DurableCommits(MVStore store, ReentrantLock commandLock, Mode mode) {
        this.store = store;
        this.commandLock = commandLock;
        this.mode = mode;
    }

    /** Called with the command lock held, right after a write command ran; returns its ticket. */
    long recordWrite() {
        long ticket = ++writesApplied;
        if (mode == Mode.EACH_WRITE) {
            commitHoldingCommandLock();
        }
        return ticket;
    }

    /** Returns once the write with this ticket is in the file. Called without the command lock. */
    void awaitCommitted(long ticket) {
        if (writesCommitted >= ticket) {
            return;
        }
        leaderLock.lock();
        try {
            if (writesCommitted >= ticket) {
                return; // the previous leader's commit covered this write
            }
            commandLock.lock();
            try {
                commitHoldingCommandLock();
            } finally {
                commandLock.unlock();
            }
        } finally {
            leaderLock.unlock();
        }
    }

    /** Number of MVStore commits requested so far; lets tests prove reads never commit. */
    long commitCount() {
        return commitCount.get();
    }

    private void commitHoldingCommandLock() {
        long covered = writesApplied;
        try {
            long t0 = System.nanoTime();
            store.commit();
            if (Boolean.getBoolean("bench.sync")) store.sync();
            COMMIT_NANOS.add(System.nanoTime() - t0);
        } catch (RuntimeException e) {
            throw new MongoServerException("the embedded store could not persist the write: " + e.getMessage(), e);
        }
        commitCount.incrementAndGet();
        writesCommitted = covered;
    }
}
