package io.heliobase.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.pii.Entity;
import io.heliobase.core.pii.PiiPolicy;
import io.heliobase.core.pii.Scrubber;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The classes' PII policies (kept as the {@code pii} option of a field in the schema) applied in one place: to every
 * write before it is stored, announced to live queries or handed to after-triggers, and — for encrypted fields — to
 * every read, which sees the value only with the master key or a reader role.
 */
public final class PiiPolicies {
    private final Scrubber scrubber;

    public PiiPolicies(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    /** The policies of a class, by field. */
    public static Map<String, PiiPolicy> of(ClassSchema schema) {
        Map<String, PiiPolicy> policies = new LinkedHashMap<>();
        schema.fieldOptions().properties().forEach(e -> {
            JsonNode pii = e.getValue().get("pii");
            if (pii != null && pii.isObject()) {
                policies.put(e.getKey(), PiiPolicy.parse(e.getKey(), pii));
            }
        });
        return policies;
    }

    /** Checks a policy against its field before it is stored in the schema. */
    public void check(String field, FieldType type, PiiPolicy policy) {
        FieldType.Kind kind = type.kind();
        if (policy.action() == PiiPolicy.Action.ENCRYPT) {
            if (kind != FieldType.Kind.STRING) {
                throw new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION, "Invalid PII policy for " + field
                        + ": encrypt applies to String fields");
            }
            if (!scrubber.canEncrypt()) {
                throw new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION, "Invalid PII policy for " + field
                        + ": encrypt needs HELIOBASE_PII_ENCRYPTION_KEY");
            }
        } else if (kind != FieldType.Kind.STRING && kind != FieldType.Kind.ARRAY && kind != FieldType.Kind.OBJECT) {
            throw new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION, "Invalid PII policy for " + field
                    + ": PII policies apply to String, Array and Object fields");
        }
    }

    /**
     * Applies the class's policies to a write's field operations in place (values set, and the items of Add and
     * AddUnique); answers what was found, by field.
     */
    public Map<String, Set<Entity>> scrub(ClassSchema schema, Map<String, FieldOp> ops) {
        Map<String, PiiPolicy> policies = of(schema);
        Map<String, Set<Entity>> found = new LinkedHashMap<>();
        if (policies.isEmpty()) {
            return found;
        }
        ops.replaceAll((field, op) -> {
            PiiPolicy policy = policies.get(field);
            if (policy == null) {
                return op;
            }
            return switch (op) {
                case FieldOp.Set set -> {
                    Scrubber.Result result = scrubber.apply(policy, set.value());
                    note(found, field, result);
                    yield new FieldOp.Set(result.value());
                }
                case FieldOp.Add add -> new FieldOp.Add(items(policy, field, add.objects(), found));
                case FieldOp.AddUnique add -> new FieldOp.AddUnique(items(policy, field, add.objects(), found));
                default -> op;
            };
        });
        return found;
    }

    private List<JsonNode> items(PiiPolicy policy, String field, List<JsonNode> items, Map<String, Set<Entity>> found) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : items) {
            Scrubber.Result result = scrubber.apply(policy, item);
            note(found, field, result);
            out.add(result.value());
        }
        return out;
    }

    private static void note(Map<String, Set<Entity>> found, String field, Scrubber.Result result) {
        if (!result.found().isEmpty()) {
            found.computeIfAbsent(field, f -> new java.util.LinkedHashSet<>()).addAll(result.found());
        }
    }

    /** Encrypted fields, decrypted for the master key and the policy's reader roles, hidden from everyone else. */
    public void reveal(ClassSchema schema, Caller caller, ObjectNode object) {
        // every read of every object comes here: look at encrypted values only, and parse only their policies
        schema.fieldOptions().properties().forEach(option -> {
            String field = option.getKey();
            JsonNode stored = object.get(field);
            if (stored == null || !stored.isTextual() || !stored.asText().startsWith(Scrubber.ENCRYPTED_PREFIX)
                    || !"encrypt".equals(option.getValue().path("pii").path("action").asText())) {
                return;
            }
            PiiPolicy policy = PiiPolicy.parse(field, option.getValue().get("pii"));
            boolean reader = caller.isMaster() || caller instanceof Caller.User user
                    && user.roles().stream().anyMatch(policy.readers()::contains);
            object.set(field, reader ? scrubber.decrypt(stored).orElse(Json.mapper().getNodeFactory()
                    .textNode(Scrubber.HIDDEN)) : Json.mapper().getNodeFactory().textNode(Scrubber.HIDDEN));
        });
    }
}
