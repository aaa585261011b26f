package io.heliobase.server.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.server.data.DataService;
import io.heliobase.server.data.Triggers;
import io.heliobase.server.livequery.LiveQueryTriggers;
import java.util.Optional;

/** beforeSubscribe and afterLiveQueryEvent, run in the sandbox with the subscriber as the request's user. */
public final class CloudLiveQueryTriggers implements LiveQueryTriggers {
    private final Triggers triggers;
    private final DataService data;

    public CloudLiveQueryTriggers(Triggers triggers, DataService data) {
        this.triggers = triggers;
        this.data = data;
    }

    @Override
    public boolean hasBeforeSubscribe(String className) {
        return triggers.has("beforeSubscribe", className);
    }

    @Override
    public boolean hasAfterEvent(String className) {
        return triggers.has("afterLiveQueryEvent", className);
    }

    @Override
    public JsonNode beforeSubscribe(Caller caller, String className, ObjectNode query, int requestId) {
        ObjectNode request = data.cloudRequest(caller);
        request.set("query", query);
        request.put("requestId", requestId).put("op", "subscribe");
        return triggers.run("beforeSubscribe", className, request).path("query");
    }

    @Override
    public Optional<ObjectNode> afterEvent(Caller caller, String className, String event, ObjectNode object,
                                           ObjectNode original) {
        ObjectNode request = data.cloudRequest(caller);
        request.put("event", event);
        request.set("object", object);
        if (original != null) {
            request.set("original", original);
        }
        ObjectNode answer = triggers.run("afterLiveQueryEvent", className, request);
        if (!answer.path("sendEvent").asBoolean(false) || !answer.path("object").isObject()) {
            return Optional.empty();
        }
        return Optional.of((ObjectNode) answer.get("object"));
    }
}
