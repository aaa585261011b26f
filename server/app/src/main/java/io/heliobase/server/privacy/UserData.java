package io.heliobase.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.FindOptions;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds what belongs to a user, class by class: objects one of whose pointer fields points at the user, or whose ACL
 * names the user; plus the user's own row, sessions and audit entries. Pages through each class by objectId, so a
 * long walk neither skips nor repeats objects.
 */
final class UserData {
    /** Classes whose rows are about the server, not about users. */
    private static final Set<String> SKIPPED = Set.of("_JobStatus", "_JobSchedule", "_Hooks", "_GlobalConfig",
            "_Idempotency", "_PushStatus", "_Audience", "_GraphQLConfig", "_PrivacyRequest", "_Role", "_Installation");
    private static final int PAGE = 500;

    private final StorageAdapter storage;

    UserData(StorageAdapter storage) {
        this.storage = storage;
    }

    /** System classes that hold users' data even when no schema was ever stored for them. */
    private static final Set<String> USER_SYSTEM_CLASSES = Set.of(SystemClasses.SESSION, SystemClasses.AGENT_TASK,
            SystemClasses.TOOL_CALL, SystemClasses.AUDIT);

    /** Every class to look through for a user's data, in name order. */
    static List<String> classes(io.heliobase.server.data.SchemaCache schemas) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(schemas.all().keySet());
        names.addAll(USER_SYSTEM_CLASSES);
        names.removeIf(UserData::skipped);
        return List.copyOf(names);
    }

    static boolean skipped(String className) {
        return SKIPPED.contains(className) || className.equals(SystemClasses.USER);
    }

    /** Whether {@code object} of {@code schema} belongs to {@code userId} (pointer or ACL). */
    static boolean belongs(ClassSchema schema, ObjectNode object, String userId) {
        if (schema.className().equals(SystemClasses.AUDIT)) {
            return ("user:" + userId).equals(object.path("actor").asText());
        }
        return pointsAt(schema, object, userId) || object.path("ACL").has(userId);
    }

    /** Whether one of the class's owner fields points at the user. */
    static boolean pointsAt(ClassSchema schema, ObjectNode object, String userId) {
        return ownerFields(schema).stream().anyMatch(field -> userId.equals(object.path(field).path("objectId")
                .asText(null)));
    }

    /** The pointer fields that make an object someone's: the class's {@code ownedBy}, or every pointer to _User. */
    static List<String> ownerFields(ClassSchema schema) {
        List<String> named = ForgetRule.of(schema).map(ForgetRule::ownedBy).orElse(List.of());
        if (!named.isEmpty()) {
            return named;
        }
        return schema.fields().entrySet().stream().filter(f -> f.getValue().isPointer()
                && SystemClasses.USER.equals(f.getValue().targetClass())).map(java.util.Map.Entry::getKey).toList();
    }

    /** Calls {@code each} with every object of the class that belongs to the user. */
    void forEachBelonging(ClassSchema schema, String userId, Consumer<ObjectNode> each) {
        String after = null;
        while (true) {
            Predicate where = after == null ? new Predicate.All() : new Predicate.Field("objectId",
                    new Constraint.Compare(Constraint.Comparison.GT, Json.mapper().getNodeFactory().textNode(after)));
            List<ObjectNode> page = storage.find(new StorageQuery(schema, where, null,
                    List.of(new FindOptions.SortKey("objectId", true)), 0, PAGE, null));
            for (ObjectNode object : page) {
                if (belongs(schema, object, userId)) {
                    each.accept(object);
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.getLast().path("objectId").asText();
        }
    }

    /** The names of the files a value references (File values, at any depth). */
    static void collectFiles(JsonNode value, Set<String> names) {
        if (value.isObject() && "File".equals(value.path("__type").asText()) && value.hasNonNull("name")) {
            names.add(value.get("name").asText());
        } else if (value.isContainerNode()) {
            value.forEach(v -> collectFiles(v, names));
        }
    }

    /** The user's row as they may have it: no password hash, tokens or other internal fields, auth providers named only. */
    static ObjectNode publicUser(ObjectNode stored) {
        ObjectNode out = withoutInternals(stored);
        JsonNode authData = out.remove("authData");
        if (authData != null && authData.isObject()) {
            var providers = out.putArray("authProviders");
            authData.fieldNames().forEachRemaining(providers::add);
        }
        out.remove("sessionToken");
        return out;
    }

    /** An object without stored-only fields ({@code _hashed_password} and the like) or session tokens. */
    static ObjectNode withoutInternals(ObjectNode stored) {
        ObjectNode out = stored.deepCopy();
        List<String> internal = new java.util.ArrayList<>();
        out.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("_") || name.equals("sessionToken")) {
                internal.add(name);
            }
        });
        internal.forEach(out::remove);
        return out;
    }
}
