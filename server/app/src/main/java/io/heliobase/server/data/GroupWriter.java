package io.heliobase.server.data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Writes that concurrent callers hand in, stored together: whoever submits while no group is being written writes
 * everything waiting in one call; the others wait for the group that holds their items. Each caller returns only
 * once its own items are written (or throws the first error among them), as with one write each — only with fewer
 * database commands when callers overlap. Without overlap a group is just the caller's own items.
 *
 * @param <T> what is written
 */
public final class GroupWriter<T> {

    /** Writes a group; entry i of the answer is null when item i was written, or the error it failed with. */
    private final Function<List<T>, List<RuntimeException>> write;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition groupWritten = lock.newCondition();
    private List<Pending<T>> waiting = new ArrayList<>();
    /** The thread writing a group, if any: items it submits meanwhile (a trigger's write) are written at once. */
    private Thread writer;

    public GroupWriter(Function<List<T>, List<RuntimeException>> write) {
        this.write = write;
    }

    /** Writes the items (with whatever else is waiting); returns once they are written, or throws the first error. */
    public void submit(List<T> items) {
        List<Pending<T>> mine = items.stream().map(Pending::new).toList();
        lock.lock();
        try {
            if (writer == Thread.currentThread()) {
                lock.unlock();
                try {
                    write(mine); // waiting for our own group would never end
                } finally {
                    lock.lock();
                }
            } else {
                waiting.addAll(mine);
            }
            while (!mine.stream().allMatch(pending -> pending.done)) {
                if (writer != null) {
                    groupWritten.awaitUninterruptibly();
                    continue;
                }
                writer = Thread.currentThread();
                List<Pending<T>> group = waiting;
                waiting = new ArrayList<>();
                lock.unlock();
                try {
                    write(group);
                } finally {
                    lock.lock();
                    writer = null;
                    groupWritten.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        for (Pending<T> pending : mine) {
            if (pending.error != null) {
                throw pending.error;
            }
        }
    }

    private void write(List<Pending<T>> group) {
        try {
            List<RuntimeException> errors = write.apply(group.stream().map(pending -> pending.item).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).error = errors.get(i);
            }
        } catch (RuntimeException e) {
            group.forEach(pending -> pending.error = e);
        } finally {
            group.forEach(pending -> pending.done = true); // published to the waiters by the lock
        }
    }

    /** An item waiting to be written; its fields are set by the writing thread and read after the lock hands over. */
    private static final class Pending<T> {
        private final T item;
        private boolean done;
        private RuntimeException error;

        Pending(T item) {
            this.item = item;
        }
    }
}
