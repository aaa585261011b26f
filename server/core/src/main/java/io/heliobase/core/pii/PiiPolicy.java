package io.heliobase.core.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What happens to personal data in one field: which entities to look for (none listed: all) and the action —
 * {@code redact} ({@code <EMAIL>}), {@code mask} ({@code ****1234}), {@code hash} (keyed, stable), {@code encrypt}
 * (the whole value, AES-GCM; readable by the master key and the {@code readers} roles) or {@code detect} (flag only).
 */
public record PiiPolicy(Action action, Set<Entity> entities, Set<String> readers) {

    public enum Action { REDACT, MASK, HASH, ENCRYPT, DETECT }

    public PiiPolicy {
        entities = entities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(entities));
        readers = Set.copyOf(readers);
    }

    /** Reads {@code {"action": "redact", "entities": ["EMAIL"], "readers": ["Support"]}}; refuses anything else. */
    public static PiiPolicy parse(String field, JsonNode json) {
        if (json == null || !json.isObject()) {
            throw invalid(field, "a PII policy is an object with an action");
        }
        for (String key : (Iterable<String>) json::fieldNames) {
            if (!List.of("action", "entities", "readers").contains(key)) {
                throw invalid(field, "unknown key " + key);
            }
        }
        Action action;
        try {
            action = Action.valueOf(json.path("action").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(field, "action is redact, mask, hash, encrypt or detect");
        }
        Set<Entity> entities = new LinkedHashSet<>();
        for (JsonNode entity : json.path("entities")) {
            try {
                entities.add(Entity.valueOf(entity.asText()));
            } catch (IllegalArgumentException e) {
                throw invalid(field, "unknown entity " + entity.asText() + " (known: " + List.of(Entity.values()) + ")");
            }
        }
        Set<String> readers = new LinkedHashSet<>();
        for (JsonNode role : json.path("readers")) {
            if (!role.isTextual() || role.asText().isBlank()) {
                throw invalid(field, "readers are role names");
            }
            readers.add(role.asText());
        }
        if (!readers.isEmpty() && action != Action.ENCRYPT) {
            throw invalid(field, "readers only apply to encrypt");
        }
        return new PiiPolicy(action, entities, readers);
    }

    public ObjectNode toJson() {
        ObjectNode out = Json.object().put("action", action.name().toLowerCase(Locale.ROOT));
        if (!entities.isEmpty()) {
            ArrayNode list = out.putArray("entities");
            entities.forEach(e -> list.add(e.name()));
        }
        if (!readers.isEmpty()) {
            ArrayNode list = out.putArray("readers");
            readers.stream().sorted().forEach(list::add);
        }
        return out;
    }

    private static ParseException invalid(String field, String message) {
        return new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION, "Invalid PII policy for " + field + ": "
                + message);
    }
}
