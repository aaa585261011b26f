package io.heliobase.server.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;
import io.heliobase.server.data.DataService;
import java.util.Map;

/** A /classes sub-request of a transactional batch, run against the transaction's own data pipeline. */
final class ObjectRequests {
    private ObjectRequests() {
    }

    static JsonNode run(DataService data, Caller caller, String method, Map<String, String> params, ObjectNode body) {
        String className = params.get("className");
        String objectId = params.get("objectId");
        return switch (method) {
            case "POST" -> data.create(caller, className, body).body();
            case "PUT" -> data.update(caller, className, objectId, body);
            case "DELETE" -> {
                data.delete(caller, className, objectId);
                yield io.heliobase.core.json.Json.object();
            }
            case "GET" -> objectId == null ? data.find(caller, className, body) : data.get(caller, className, objectId,
                    body);
            default -> throw ParseException.invalidJson("cannot route batch method " + method);
        };
    }
}
