package io.heliobase.core.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.schema.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A create or update body split into field operations and the ACL, after every key and value was checked. Nothing
 * is written until the whole body has passed, so a bad field never leaves a partial write.
 */
public record ObjectBody(Map<String, FieldOp> ops, ObjectNode acl) {
    private static final Set<String> SERVER_FIELDS = Set.of("objectId", "createdAt", "updatedAt");

    public ObjectBody {
        ops = Collections.unmodifiableMap(new LinkedHashMap<>(ops));
    }

    /** Parses a body; {@code allowObjectId} lets a create carry its own objectId (master with custom ids). */
    public static ObjectBody parse(JsonNode body, boolean allowObjectId) {
        if (body == null || !body.isObject()) {
            throw ParseException.invalidJson("request body must be a JSON object");
        }
        Map<String, FieldOp> ops = new LinkedHashMap<>();
        ObjectNode acl = null;
        for (Map.Entry<String, JsonNode> e : body.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("ACL")) {
                acl = AclJson.validate(value);
                continue;
            }
            if (SERVER_FIELDS.contains(key)) {
                if (key.equals("objectId") && allowObjectId) {
                    continue;
                }
                throw new ParseException(ParseErrorCode.INVALID_KEY_NAME, key + " is an invalid field name.");
            }
            checkKey(key);
            checkNestedKeys(value, 0);
            ops.put(key, op(key, value));
        }
        return new ObjectBody(ops, acl);
    }

    private static void checkKey(String key) {
        if (Names.DENIED_KEYS.contains(key)) {
            throw new ParseException(ParseErrorCode.INVALID_KEY_NAME,
                    "Prohibited keyword in request data: " + Names.printable(key) + ".");
        }
        int dot = key.indexOf('.');
        String root = dot < 0 ? key : key.substring(0, dot);
        if (!Names.isValidFieldName(root) || (dot >= 0 && !key.substring(dot + 1).matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*"))) {
            throw new ParseException(ParseErrorCode.INVALID_KEY_NAME, "Invalid field name: " + Names.printable(key) + ".");
        }
    }

    /** Keys inside objects may not hold '$' or '.', nor the denied keywords anywhere in the tree. */
    private static void checkNestedKeys(JsonNode value, int depth) {
        if (value.isObject()) {
            boolean special = value.has("__type") || value.has("__op");
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                String key = e.getKey();
                if (Names.DENIED_KEYS.contains(key)) {
                    throw new ParseException(ParseErrorCode.INVALID_KEY_NAME,
                            "Prohibited keyword in request data: " + Names.printable(key) + ".");
                }
                if (!special && (key.contains("$") || key.contains("."))) {
                    throw new ParseException(ParseErrorCode.INVALID_NESTED_KEY,
                            "Nested keys should not contain the '$' or '.' characters");
                }
                checkNestedKeys(e.getValue(), depth + 1);
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                checkNestedKeys(item, depth + 1);
            }
        }
    }

    private static FieldOp op(String key, JsonNode value) {
        if (!value.isObject() || !value.has("__op")) {
            Values.validate(key, value);
            return new FieldOp.Set(value);
        }
        String op = value.path("__op").asText("");
        return switch (op) {
            case "Delete" -> new FieldOp.Delete();
            case "Increment" -> {
                JsonNode amount = value.get("amount");
                if (amount == null || !amount.isNumber()) {
                    throw new ParseException(ParseErrorCode.INVALID_JSON, "Increment amount must be a number");
                }
                yield new FieldOp.Increment(amount);
            }
            case "Add" -> new FieldOp.Add(objects(key, value));
            case "AddUnique" -> new FieldOp.AddUnique(objects(key, value));
            case "Remove" -> new FieldOp.Remove(objects(key, value));
            case "AddRelation", "RemoveRelation", "Batch" -> relation(key, value);
            case "SetOnInsert" -> throw new ParseException(ParseErrorCode.INVALID_JSON,
                    "The SetOnInsert operator is internal to the server");
            default -> throw new ParseException(ParseErrorCode.INVALID_JSON,
                    "The " + Names.printable(op) + " operator is not supported.");
        };
    }

    private static List<JsonNode> objects(String key, JsonNode value) {
        JsonNode objects = value.get("objects");
        if (objects == null || !objects.isArray()) {
            throw new ParseException(ParseErrorCode.INVALID_JSON, "objects to add must be an array");
        }
        List<JsonNode> list = new ArrayList<>();
        for (JsonNode item : objects) {
            Values.validate(key, item);
            list.add(item);
        }
        return list;
    }

    private static FieldOp relation(String key, JsonNode value) {
        List<JsonNode> parts = new ArrayList<>();
        if (value.path("__op").asText().equals("Batch")) {
            if (!value.path("ops").isArray()) {
                throw new ParseException(ParseErrorCode.INVALID_JSON, "Batch ops must be an array");
            }
            value.path("ops").forEach(parts::add);
        } else {
            parts.add(value);
        }
        String target = null;
        List<String> add = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (JsonNode part : parts) {
            String op = part.path("__op").asText();
            if (!op.equals("AddRelation") && !op.equals("RemoveRelation")) {
                throw new ParseException(ParseErrorCode.INVALID_JSON, "Batch may only hold AddRelation and RemoveRelation");
            }
            for (JsonNode pointer : objects(key, part)) {
                if (!Values.isPointer(pointer)) {
                    throw new ParseException(ParseErrorCode.INVALID_POINTER, "relation objects must be pointers");
                }
                String cls = pointer.path("className").asText();
                if (target != null && !target.equals(cls)) {
                    throw new ParseException(ParseErrorCode.INCORRECT_TYPE,
                            "All objects in a relation must have the same class");
                }
                target = cls;
                (op.equals("AddRelation") ? add : remove).add(pointer.path("objectId").asText());
            }
        }
        if (target == null) {
            throw new ParseException(ParseErrorCode.INVALID_JSON, "relation op needs at least one object");
        }
        return new FieldOp.Relation(target, add, remove);
    }
}
