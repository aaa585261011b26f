package io.heliobase.server.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes {@code _Audit} entries: readable with the master key only, never changed or deleted through the API.
 * <p>
 * Every master-key write is audited, so entries come as fast as writes do. They are written in groups: whoever
 * records while no group is being written writes everything waiting, in one insert; the others wait for the group
 * that holds their entry. Each caller still returns only once its entry is stored, as with one insert each.
 */
public final class AuditLog {
    private final DataService data;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition groupWritten = lock.newCondition();
    private List<Pending> waiting = new ArrayList<>();
    /** The thread writing a group, if any: an entry it records meanwhile (a trigger's write) is written at once. */
    private Thread writer;

    public AuditLog(DataService data) {
        this.data = data;
    }

    /** An entry to record: {@code action} by {@code actor}, with {@code fields} saying what it was about. */
    public record Entry(Caller actor, String action, ObjectNode fields) {
    }

    /** Records {@code action} by {@code actor}; {@code fields} adds what it was about (tool, toolCall, detail, ...). */
    public void record(Caller actor, String action, ObjectNode fields) {
        recordAll(List.of(new Entry(actor, action, fields)));
    }

    /** Records entries together; returns once all are stored, or throws the first failure. */
    public void recordAll(List<Entry> entries) {
        List<Pending> mine = entries.stream().map(entry -> {
            ObjectNode stored = Json.object().put("action", entry.action()).put("actor", actorOf(entry.actor()));
            stored.setAll(entry.fields());
            stored.set("ACL", Json.object());
            return new Pending(stored);
        }).toList();
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
                List<Pending> group = waiting;
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
        for (Pending pending : mine) {
            if (pending.error != null) {
                throw pending.error;
            }
        }
    }

    private void write(List<Pending> group) {
        try {
            List<DataService.CreateResult> results = data.createAll(Caller.MASTER, SystemClasses.AUDIT,
                    group.stream().map(Pending::entry).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).error = results.get(i).error();
            }
        } catch (RuntimeException e) {
            group.forEach(pending -> pending.error = e);
        } finally {
            group.forEach(pending -> pending.done = true); // published to the waiters by the lock
        }
    }

    /** An entry waiting to be written; its fields are set by the writing thread and read after the lock hands over. */
    private static final class Pending {
        private final ObjectNode entry;
        private boolean done;
        private RuntimeException error;

        Pending(ObjectNode entry) {
            this.entry = entry;
        }

        ObjectNode entry() {
            return entry;
        }
    }

    /** "master", "readOnlyMaster", "public" or "user:&lt;objectId&gt;". */
    public static String actorOf(Caller caller) {
        return switch (caller) {
            case Caller.Master m -> "master";
            case Caller.ReadOnlyMaster m -> "readOnlyMaster";
            case Caller.Anonymous a -> "public";
            case Caller.User u -> "user:" + u.userId();
        };
    }
}
