package io.heliobase.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What erasure does to a class's objects that belong to the forgotten user: {@code delete} them, {@code anonymize}
 * them (the listed fields set to null, pointers to the user removed, the user out of the ACL) or {@code keep} them
 * (pointers removed, the user out of the ACL). Kept in the schema beside the field options, under {@code "*"}, and
 * shown as the schema's {@code privacy}. Without a rule: objects pointing at the user or private to them (an ACL
 * naming them alone) are deleted; objects they share with others are kept, without them.
 */
public record ForgetRule(Mode mode, List<String> anonymize, List<String> ownedBy) {

    public enum Mode { DELETE, ANONYMIZE, KEEP }

    /** The key in the schema's field options that holds class-wide options. */
    public static final String CLASS_OPTIONS = "*";

    public ForgetRule {
        anonymize = List.copyOf(anonymize);
        ownedBy = List.copyOf(ownedBy);
    }

    public static Optional<ForgetRule> of(ClassSchema schema) {
        JsonNode rule = schema.fieldOptions().path(CLASS_OPTIONS).path("privacy");
        return rule.isObject() ? Optional.of(parse(schema, rule)) : Optional.empty();
    }

    /**
     * {@code {"onForget": "anonymize", "anonymize": ["text"], "ownedBy": ["author"]}}; {@code ownedBy} names the
     * pointer fields that make an object the user's (default: any pointer to {@code _User}).
     */
    public static ForgetRule parse(ClassSchema schema, JsonNode json) {
        if (!json.isObject()) {
            throw invalid(schema, "privacy is an object with onForget");
        }
        Mode mode;
        try {
            mode = Mode.valueOf(json.path("onForget").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(schema, "onForget is delete, anonymize or keep");
        }
        List<String> fields = new ArrayList<>();
        for (JsonNode field : json.path("anonymize")) {
            if (!schema.fields().containsKey(field.asText())) {
                throw invalid(schema, "no field " + field.asText() + " to anonymize");
            }
            fields.add(field.asText());
        }
        if (!fields.isEmpty() && mode != Mode.ANONYMIZE) {
            throw invalid(schema, "anonymize lists fields for onForget: anonymize");
        }
        List<String> owners = new ArrayList<>();
        for (JsonNode field : json.path("ownedBy")) {
            boolean userPointer = schema.field(field.asText()).map(t -> t.isPointer()
                    && "_User".equals(t.targetClass())).orElse(false);
            if (!userPointer) {
                throw invalid(schema, "ownedBy names pointer fields to _User; " + field.asText() + " is not one");
            }
            owners.add(field.asText());
        }
        return new ForgetRule(mode, fields, owners);
    }

    public ObjectNode toJson() {
        ObjectNode out = Json.object().put("onForget", mode.name().toLowerCase(Locale.ROOT));
        if (!anonymize.isEmpty()) {
            ArrayNode list = out.putArray("anonymize");
            anonymize.forEach(list::add);
        }
        if (!ownedBy.isEmpty()) {
            ArrayNode list = out.putArray("ownedBy");
            ownedBy.forEach(list::add);
        }
        return out;
    }

    private static ParseException invalid(ClassSchema schema, String message) {
        return new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION, "Invalid privacy rule for "
                + schema.className() + ": " + message);
    }
}
