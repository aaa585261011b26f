package io.heliobase.server.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;
import io.heliobase.server.data.GroupWriter;
import java.util.List;

/**
 * Writes {@code _Audit} entries: readable with the master key only, never changed or deleted through the API.
 * Every master-key write is audited, so entries come as fast as writes do: concurrent entries are stored in groups
 * ({@link GroupWriter}), each caller still returning only once its entry is stored.
 */
public final class AuditLog {
    private final GroupWriter<ObjectNode> entries;

    public AuditLog(DataService data) {
        this.entries = new GroupWriter<>(group -> data.createAll(Caller.MASTER, SystemClasses.AUDIT, group).stream()
                .map(DataService.CreateResult::error).toList());
    }

    /** An entry to record: {@code action} by {@code actor}, with {@code fields} saying what it was about. */
    public record Entry(Caller actor, String action, ObjectNode fields) {
    }

    /** Records {@code action} by {@code actor}; {@code fields} adds what it was about (tool, toolCall, detail, ...). */
    public void record(Caller actor, String action, ObjectNode fields) {
        recordAll(List.of(new Entry(actor, action, fields)));
    }

    /** Records entries together; returns once all are stored, or throws the first failure. */
    public void recordAll(List<Entry> toRecord) {
        entries.submit(toRecord.stream().map(entry -> {
            ObjectNode stored = Json.object().put("action", entry.action()).put("actor", actorOf(entry.actor()));
            stored.setAll(entry.fields());
            stored.set("ACL", Json.object());
            return stored;
        }).toList());
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
