package io.heliobase.server.privacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;
import java.time.Instant;

/** {@code _PrivacyRequest} records: readable by the user they are about (and the master key), written by the server. */
final class PrivacyRequests {
    private PrivacyRequests() {
    }

    /** Users act on their own data; the master key on anyone's. Others learn nothing (101). */
    static void requireSelfOrMaster(Caller caller, String userId) {
        if (!caller.mayWrite()) {
            throw ParseException.forbidden("read-only masterKey isn't allowed to make privacy requests.");
        }
        if (!caller.isMaster() && !(caller instanceof Caller.User user && user.userId().equals(userId))) {
            throw ParseException.notFound();
        }
    }

    static String open(DataService data, String kind, String userId) {
        ObjectNode request = Json.object().put("kind", kind).put("status", "running").put("progress", 0);
        request.set("user", Json.pointer(SystemClasses.USER, userId));
        request.set("ACL", Json.object().set(userId, Json.object().put("read", true)));
        return data.create(Caller.MASTER, SystemClasses.PRIVACY_REQUEST, request).objectId();
    }

    static void progress(DataService data, String requestId, int percent) {
        data.update(Caller.MASTER, SystemClasses.PRIVACY_REQUEST, requestId, Json.object().put("progress", percent));
    }

    static void finish(DataService data, String requestId, String status, String message, ObjectNode counts,
                       long size) {
        ObjectNode end = Json.object().put("status", status).put("progress", 100).put("message", message)
                .put("size", size);
        end.set("counts", counts);
        end.set("finishedAt", Json.date(Instant.now()));
        data.update(Caller.MASTER, SystemClasses.PRIVACY_REQUEST, requestId, end);
    }
}
