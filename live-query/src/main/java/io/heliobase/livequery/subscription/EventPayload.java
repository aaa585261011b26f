package io.heliobase.livequery.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import io.heliobase.livequery.matching.QueryMatcher;
import io.heliobase.livequery.protocol.EventType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Per-subscription shaping of an event: Parse's {@code watch} filter and {@code keys} projection. */
public final class EventPayload {
    /** Kept whatever {@code keys} says: Parse's Client.js default fields, plus {@code __type}, which the SDK reads. */
    private static final Set<String> ALWAYS_KEPT = Set.of("className", "objectId", "updatedAt", "createdAt", "ACL",
            "__type");

    private EventPayload() {
    }

    /**
     * Parse's rule: with a {@code watch} list, create and update events are sent only when a watched field changed
     * (for a create: is set); enter, leave and delete are always sent.
     */
    public static boolean shouldSend(EventType type, List<String> watch, ObjectNode original, ObjectNode current) {
        return switch (type) {
            case CREATE, UPDATE -> watchedFieldChanged(watch, original, current);
            case ENTER, LEAVE, DELETE -> true;
        };
    }

    /**
     * True when {@code watch} is empty, or one of its top-level fields differs between {@code original} (null for a
     * create) and {@code current}; numbers compare by value, objects regardless of key order.
     */
    public static boolean watchedFieldChanged(List<String> watch, ObjectNode original, ObjectNode current) {
        if (watch.isEmpty()) {
            return true;
        }
        for (String field : watch) {
            JsonNode before = original == null ? null : original.get(field);
            JsonNode after = current == null ? null : current.get(field);
            if (!QueryMatcher.sameValue(before, after)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A new object with only the {@code keys} (top-level names, as Parse's Client.js) and the fields every event
     * keeps; empty {@code keys} keeps all. Always a fresh top-level node (values are shared, not copied), so the
     * caller may redact the result in place without touching what other subscribers receive.
     */
    public static ObjectNode project(ObjectNode object, List<String> keys) {
        Set<String> wanted = new HashSet<>(keys);
        ObjectNode projected = Json.object();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (keys.isEmpty() || ALWAYS_KEPT.contains(field.getKey()) || wanted.contains(field.getKey())) {
                projected.set(field.getKey(), field.getValue());
            }
        }
        return projected;
    }
}
