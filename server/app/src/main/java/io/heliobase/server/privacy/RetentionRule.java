package io.heliobase.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import java.util.Optional;

/**
 * How long a class keeps its objects: those whose {@code field} (a Date; default {@code createdAt}) is older than
 * {@code days} — and, when given, that match {@code where} — are deleted by the retention job. Kept in the schema's
 * class options and shown as the schema's {@code retention}.
 */
public record RetentionRule(int days, String field, ObjectNode where) {

    public static Optional<RetentionRule> of(ClassSchema schema) {
        JsonNode rule = schema.fieldOptions().path(ForgetRule.CLASS_OPTIONS).path("retention");
        return rule.isObject() ? Optional.of(parse(schema, rule)) : Optional.empty();
    }

    /** {@code {"days": 30, "field": "createdAt", "where": {"kind": "chat"}}}. */
    public static RetentionRule parse(ClassSchema schema, JsonNode json) {
        if (!json.isObject() || !json.path("days").canConvertToInt() || json.path("days").asInt() < 1
                || json.path("days").asInt() > 36_500 || !json.path("days").isIntegralNumber()) {
            throw invalid(schema, "days is a whole number from 1 to 36500");
        }
        String field = json.path("field").asText("createdAt");
        boolean date = field.equals("createdAt") || field.equals("updatedAt")
                || schema.field(field).map(t -> t.kind() == FieldType.Kind.DATE).orElse(false);
        if (!date) {
            throw invalid(schema, "field must be createdAt, updatedAt or a Date field");
        }
        JsonNode where = json.get("where");
        if (where != null && !where.isNull() && !where.isObject()) {
            throw invalid(schema, "where is a query object");
        }
        return new RetentionRule(json.get("days").asInt(), field, where instanceof ObjectNode o ? o : Json.object());
    }

    public ObjectNode toJson() {
        ObjectNode out = Json.object().put("days", days).put("field", field);
        if (!where.isEmpty()) {
            out.set("where", where);
        }
        return out;
    }

    private static ParseException invalid(ClassSchema schema, String message) {
        return new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION, "Invalid retention rule for "
                + schema.className() + ": " + message);
    }
}
