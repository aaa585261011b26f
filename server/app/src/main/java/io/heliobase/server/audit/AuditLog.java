package io.heliobase.server.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;

/** Writes {@code _Audit} entries: readable with the master key only, never changed or deleted through the API. */
public final class AuditLog {
    private final DataService data;

    public AuditLog(DataService data) {
        this.data = data;
    }

    /** Records {@code action} by {@code actor}; {@code fields} adds what it was about (tool, toolCall, detail, ...). */
    public void record(Caller actor, String action, ObjectNode fields) {
        ObjectNode entry = Json.object().put("action", action).put("actor", actorOf(actor));
        entry.setAll(fields);
        entry.set("ACL", Json.object());
        data.create(Caller.MASTER, SystemClasses.AUDIT, entry);
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
