package io.heliobase.core.acl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Class-level permissions: who may find, get, count, create, update, delete or add fields on a class. */
public final class ClassPermissions {
    public static final Set<String> OPERATIONS = Set.of("find", "count", "get", "create", "update", "delete",
            "addField");
    private static final Set<String> KEYS = Set.of("find", "count", "get", "create", "update", "delete",
            "addField", "readUserFields", "writeUserFields", "protectedFields");

    private ClassPermissions() {
    }

    /**
     * Throws unless the caller may perform {@code operation}. A class without permissions, or without an entry for
     * the operation, is public, as in Parse. When the caller is allowed only through pointer permissions
     * ({@code pointerFields} of the operation, {@code readUserFields} for reads, {@code writeUserFields} for
     * updates and deletes), the returned fields must point at the caller for each object touched; otherwise the list
     * is empty.
     */
    public static List<String> require(ObjectNode clp, String className, String operation, Caller caller) {
        if (caller.isMaster() || clp == null) {
            return List.of();
        }
        JsonNode rule = clp.get(operation);
        if (rule == null || !rule.isObject()) {
            return List.of();
        }
        if (rule.path("requiresAuthentication").asBoolean(false) && !(caller instanceof Caller.User)) {
            throw new ParseException(ParseErrorCode.OBJECT_NOT_FOUND,
                    "Permission denied, user needs to be authenticated.");
        }
        for (String entry : caller.aclEntries()) {
            if (rule.path(entry).asBoolean(false)) {
                return List.of();
            }
        }
        if (rule.has("requiresAuthentication") && caller instanceof Caller.User && onlyAuthentication(rule)) {
            return List.of();
        }
        List<String> pointerFields = new ArrayList<>();
        rule.path("pointerFields").forEach(f -> pointerFields.add(f.asText()));
        String userFields = switch (operation) {
            case "get", "find", "count" -> "readUserFields";
            case "update", "delete" -> "writeUserFields";
            default -> null;
        };
        if (userFields != null) {
            clp.path(userFields).forEach(f -> pointerFields.add(f.asText()));
        }
        if (!pointerFields.isEmpty() && caller instanceof Caller.User) {
            return List.copyOf(pointerFields);
        }
        throw ParseException.forbidden("Permission denied for action " + operation + " on class " + className + ".");
    }

    private static boolean onlyAuthentication(JsonNode rule) {
        for (Map.Entry<String, JsonNode> e : rule.properties()) {
            if (!e.getKey().equals("requiresAuthentication")) {
                return false;
            }
        }
        return true;
    }

    /** Validates CLP JSON as sent to {@code /schemas}; Parse answers 107 for anything malformed. */
    public static ObjectNode validate(JsonNode clp) {
        if (clp == null || !clp.isObject()) {
            throw ParseException.invalidJson("classLevelPermissions must be an object");
        }
        for (Map.Entry<String, JsonNode> e : clp.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (!KEYS.contains(key)) {
                throw ParseException.invalidJson(key + " is not a valid operation for class level permissions");
            }
            if (key.equals("readUserFields") || key.equals("writeUserFields")) {
                if (!value.isArray()) {
                    throw ParseException.invalidJson("this perms[" + key + "] is not a valid value for class level permissions");
                }
                continue;
            }
            if (!value.isObject()) {
                throw ParseException.invalidJson("'" + value + "' is not a valid value for class level permissions " + key);
            }
            if (key.equals("protectedFields")) {
                value.properties().forEach(p -> {
                    if (!p.getValue().isArray()) {
                        throw ParseException.invalidJson("protectedFields entries must be arrays of field names");
                    }
                });
                continue;
            }
            for (Map.Entry<String, JsonNode> grant : value.properties()) {
                boolean pointerFields = grant.getKey().equals("pointerFields");
                if (pointerFields ? !grant.getValue().isArray() : !(grant.getValue().isBoolean() && grant.getValue().booleanValue())) {
                    throw ParseException.invalidJson("'" + grant.getValue() + "' is not a valid value for class level permissions "
                            + key + ":" + grant.getKey());
                }
            }
        }
        return (ObjectNode) clp.deepCopy();
    }
}
