package io.heliobase.server.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.cloudcode.ServerAccess;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.auth.SessionResolver;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;
import io.heliobase.server.http.RequestInfo;

/**
 * Cloud code's {@code Parse.Query} and {@code Parse.Object} calls, answered by the same data service as REST: the same
 * ACL, class-level permission, protected-field and trigger paths, with the rights the script asked for (the master
 * key, a session token, or none: public access only, as in Parse).
 */
public final class CloudServerAccess implements ServerAccess {
    private final DataService data;
    private final SessionResolver sessions;

    public CloudServerAccess(DataService data, SessionResolver sessions) {
        this.data = data;
        this.sessions = sessions;
    }

    @Override
    public JsonNode call(ObjectNode request) {
        Caller caller = callerOf(request.path("auth"));
        if (request.path("context").isObject()) {
            // save(null, {context}): triggers of this write see it as request.context
            ObjectNode context = (ObjectNode) request.get("context");
            return new RequestInfo(null, null, context, java.util.Map.of()).during(() -> answer(caller, request));
        }
        return answer(caller, request);
    }

    private JsonNode answer(Caller caller, ObjectNode request) {
        JsonNode params = request.path("params").isObject() ? request.get("params") : Json.object();
        String op = text(request, "op");
        if (op.equals("jobMessage")) {
            return data.update(Caller.MASTER, SystemClasses.JOB_STATUS, text(request, "jobId"),
                    Json.object().put("message", text(request, "message")));
        }
        if (op.equals("caller")) {
            return data.cloudRequest(callerOf(request.path("auth"))); // who a session is, for Parse.Cloud.run
        }
        String className = text(request, "className");
        return switch (op) {
            case "find" -> data.find(caller, className, params);
            case "get" -> data.get(caller, className, text(request, "objectId"), params);
            case "create" -> data.create(caller, className, body(request)).body();
            case "update" -> data.update(caller, className, text(request, "objectId"), body(request));
            case "delete" -> {
                data.delete(caller, className, text(request, "objectId"));
                yield Json.object();
            }
            default -> throw new ParseException(ParseErrorCode.COMMAND_UNAVAILABLE,
                    "unknown server request: " + request.path("op").asText());
        };
    }

    private Caller callerOf(JsonNode auth) {
        if (auth.path("master").asBoolean(false)) {
            return Caller.MASTER; // cloud code is the app's own server code: it holds the master key, as in Parse
        }
        JsonNode token = auth.get("sessionToken");
        if (token != null && token.isTextual()) {
            return sessions.resolve(token.asText()).<Caller>map(user -> user)
                    .orElseThrow(() -> new ParseException(ParseErrorCode.INVALID_SESSION_TOKEN, "Invalid session token"));
        }
        return Caller.ANONYMOUS;
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw ParseException.invalidJson("a cloud-code server request needs " + field);
        }
        return value.asText();
    }

    private static JsonNode body(JsonNode request) {
        JsonNode body = request.get("data");
        if (body == null || !body.isObject()) {
            throw ParseException.invalidJson("a save needs its fields as an object");
        }
        return body;
    }
}
