package io.heliobase.server.storage.embedded;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * Runs the library's writes one at a time, lets known reads run side by side (never beside a write), and hands out
 * deep copies of every reply.
 * <p>
 * mongo-java-server's reply encoder reads the documents of a reply after the command returned;
 * those can be the live stored documents, so a concurrent update made encoding throw
 * ConcurrentModificationException and the reply was lost. Here writes run under an exclusive lock and
 * known reads under a shared one, every reply is copied before its lock is released, and a write's reply is
 * released only once {@link DurableCommits} has it in the file.
 */
final class SerializedBackend implements MongoBackend {

    private static final long NO_WRITE = 0;

    private final MongoBackend delegate;
    private final DataFile file;
    /** Exclusive: writes, commits and everything that is not a known read. */
    private final Lock commandLock;
    /** Shared: the reads listed in {@link WriteCommands#isSharedRead}. */
    private final Lock sharedLock;
    private final DurableCommits commits;

    SerializedBackend(MongoBackend delegate, DataFile file, DurableCommits.Mode mode) {
        this.delegate = delegate;
        this.file = file;
        ReentrantReadWriteLock locks = new ReentrantReadWriteLock(true); // fair: see DurableCommits
        this.commandLock = locks.writeLock();
        this.sharedLock = locks.readLock();
        this.commits = new DurableCommits(file, commandLock, mode);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document query = message.getDocument();
        if (query.isEmpty()) {
            return underLock(() -> ReplyCopy.of(delegate.handleMessage(message)));
        }
        String command = query.keySet().iterator().next();
        if (DropIndexesGuard.handles(command)) {
            return handleCommand(message.getChannel(), message.getDatabaseName(), command, query);
        }
        return execute(command, query, () -> delegate.handleMessage(message));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        if (DropIndexesGuard.handles(command)) {
            return execute(command, query,
                () -> DropIndexesGuard.dropIndexes(delegate, channel, database, command, query));
        }
        return execute(command, query, () -> delegate.handleCommand(channel, database, command, query));
    }

    private Document execute(String command, Document query, Supplier<Document> action) {
        boolean write = WriteCommands.isWrite(command, query);
        if (!write && WriteCommands.isSharedRead(command, query)) {
            // reads run side by side (the store sorts and filters in memory: it is CPU-bound), never beside a write
            sharedLock.lock();
            try {
                return ReplyCopy.of(action.get());
            } finally {
                sharedLock.unlock();
            }
        }
        long ticket = NO_WRITE;
        Document reply;
        commandLock.lock();
        try {
            try {
                reply = ReplyCopy.of(action.get());
            } finally {
                // even a failed write may have changed data; count it so the next commit includes it
                ticket = write ? commits.recordWrite() : NO_WRITE;
            }
        } finally {
            commandLock.unlock();
        }
        if (ticket != NO_WRITE) {
            commits.awaitCommitted(ticket);
        }
        return reply;
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return underLock(() -> {
            QueryResult result = delegate.handleQuery(query);
            return new QueryResult(ReplyCopy.ofAll(result), result.getCursorId());
        });
    }

    @Override
    public void handleClose(Channel channel) {
        underLock(() -> {
            delegate.handleClose(channel);
            return null;
        });
    }

    @Override
    public void dropDatabase(String database) {
        long ticket = underLock(() -> {
            delegate.dropDatabase(database);
            return commits.recordWrite();
        });
        commits.awaitCommitted(ticket);
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return underLock(() -> ReplyCopy.ofAll(delegate.getCurrentOperations(query)));
    }

    @Override
    public Document getServerStatus() {
        return underLock(() -> ReplyCopy.of(delegate.getServerStatus()));
    }

    /** Commits what is left, compacts and closes the file, then the library backend. */
    @Override
    public void close() {
        underLock(() -> {
            file.close();
            delegate.close(); // its own MVStore close is then a no-op
            return null;
        });
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        underLock(() -> {
            delegate.closeCursors(cursorIds);
            return null;
        });
    }

    @Override
    public Clock getClock() {
        return delegate.getClock();
    }

    @Override
    public void enableOplog() {
        underLock(() -> {
            delegate.enableOplog();
            return null;
        });
    }

    @Override
    public void disableOplog() {
        underLock(() -> {
            delegate.disableOplog();
            return null;
        });
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return underLock(() -> delegate.resolveDatabase(database));
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        delegate.version(version);
        return this;
    }

    long writeCommits() {
        return commits.writeCommits();
    }

    private <T> T underLock(Supplier<T> action) {
        commandLock.lock();
        try {
            return action.get();
        } finally {
            commandLock.unlock();
        }
    }
}
