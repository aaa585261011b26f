package io.heliobase.core.acl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The access rules every entry point shares (REST, batch, live queries, cloud code, exports): who may read an object
 * by its ACL, and what of a readable object a caller may see — internal fields never, {@code protectedFields} of the
 * class's permissions unless the caller is master, and a user's private fields only to that user. Class-level
 * permissions are {@link ClassPermissions}.
 */
public final class AccessPolicy {
    /** Parse's default for _User: email is protected from everyone but the user and the master key. */
    private static final ObjectNode USER_DEFAULT_PROTECTED = (ObjectNode) Json.parse("{\"*\":[\"email\"]}");

    private AccessPolicy() {
    }

    /** Whether the caller may read an object with this REST ACL; no ACL means public, as in Parse. */
    public static boolean canRead(Caller caller, JsonNode acl) {
        return allowed(caller, acl, "read");
    }

    public static boolean canWrite(Caller caller, JsonNode acl) {
        return caller.mayWrite() && allowed(caller, acl, "write");
    }

    private static boolean allowed(Caller caller, JsonNode acl, String right) {
        if (caller.isMaster() || acl == null || acl.isMissingNode() || acl.isNull()) {
            return true;
        }
        for (String entry : caller.aclEntries()) {
            if (acl.path(entry).path(right).asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** Removes from an object, in place, everything the caller may not see. */
    public static void redact(ClassSchema schema, Caller caller, ObjectNode object) {
        List<String> internal = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("_") || name.equals("password")) {
                internal.add(name);
            }
        });
        internal.forEach(object::remove);
        if (!schema.className().equals(SystemClasses.SESSION)) {
            object.remove("sessionToken");
        }
        if (caller.isMaster()) {
            return;
        }
        boolean self = schema.className().equals(SystemClasses.USER) && caller instanceof Caller.User u
                && u.userId().equals(object.path("objectId").asText());
        if (self) {
            return;
        }
        if (schema.className().equals(SystemClasses.USER)) {
            object.remove("authData");
        }
        protectedFields(schema, caller, object).forEach(object::remove);
    }

    /** Protected fields for queries, where no object is at hand yet: {@code userField:} groups cannot apply. */
    public static Set<String> protectedFields(ClassSchema schema, Caller caller) {
        return protectedFields(schema, caller, null);
    }

    /**
     * The intersection of the protected-field lists of every group the caller belongs to (Parse's rule); with an
     * object, {@code userField:<field>} applies when that field points at the caller.
     */
    public static Set<String> protectedFields(ClassSchema schema, Caller caller, ObjectNode object) {
        if (caller.isMaster()) {
            return Set.of();
        }
        JsonNode configured = schema.classLevelPermissions() == null ? null
                : schema.classLevelPermissions().get("protectedFields");
        if (configured == null && schema.className().equals(SystemClasses.USER)) {
            configured = USER_DEFAULT_PROTECTED;
        }
        if (configured == null || !configured.isObject()) {
            return Set.of();
        }
        List<String> groups = new ArrayList<>(List.of("*"));
        if (caller instanceof Caller.User user) {
            groups.add("authenticated");
            groups.add(user.userId());
            user.roles().forEach(r -> groups.add("role:" + r));
            if (object != null) {
                configured.fieldNames().forEachRemaining(group -> {
                    if (group.startsWith("userField:") && pointsAt(object.get(group.substring(10)), user.userId())) {
                        groups.add(group);
                    }
                });
            }
        }
        Set<String> result = null;
        for (String group : groups) {
            JsonNode fields = configured.get(group);
            if (fields == null || !fields.isArray()) {
                continue;
            }
            Set<String> set = new HashSet<>();
            fields.forEach(f -> set.add(f.asText()));
            if (result == null) {
                result = set;
            } else {
                result.retainAll(set);
            }
        }
        if (result == null) {
            return Set.of();
        }
        result.removeAll(Set.of("objectId", "createdAt", "updatedAt", "ACL"));
        return result;
    }

    /**
     * Whether one of {@code fields} of an object points at the user: a pointer to them, or an array holding one.
     * This is how pointer permissions and {@code userField:} protected fields recognize an owner.
     */
    public static boolean ownedBy(String userId, ObjectNode object, java.util.Collection<String> fields) {
        for (String field : fields) {
            if (pointsAt(object.get(field), userId)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a value is a pointer to the user, or an array holding one. */
    public static boolean pointsAt(JsonNode value, String userId) {
        if (value == null) {
            return false;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (pointsAt(item, userId)) {
                    return true;
                }
            }
            return false;
        }
        return SystemClasses.USER.equals(value.path("className").asText()) && userId.equals(value.path("objectId").asText());
    }
}
