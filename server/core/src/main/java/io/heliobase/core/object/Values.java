package io.heliobase.core.object;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.FieldType;
import io.heliobase.core.schema.FieldType.Kind;
import io.heliobase.core.schema.Names;
import java.util.Base64;
import java.util.Optional;

/** Parse's typed JSON values ({@code __type}): validation and type inference, as Parse Server's getType. */
public final class Values {
    private Values() {
    }

    public static boolean isPointer(JsonNode node) {
        return node != null && node.isObject() && "Pointer".equals(node.path("__type").asText())
                && node.path("className").isTextual() && node.path("objectId").isTextual();
    }

    public static boolean isTyped(JsonNode node, String type) {
        return node != null && node.isObject() && type.equals(node.path("__type").asText());
    }

    /** Checks that typed values are well-formed; a malformed one is refused before anything is written. */
    public static void validate(String field, JsonNode value) {
        if (!value.isObject() || !value.has("__type")) {
            return;
        }
        String type = value.path("__type").asText("");
        switch (type) {
            case "Pointer" -> {
                if (!isPointer(value)) {
                    throw new ParseException(ParseErrorCode.INVALID_POINTER, "invalid pointer in " + field);
                }
                Names.requireValidClassName(value.path("className").asText());
            }
            case "Date" -> {
                if (!value.path("iso").isTextual()) {
                    throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "invalid date in " + field);
                }
                Json.parseIso(value.path("iso").asText());
            }
            case "Bytes" -> {
                try {
                    Base64.getDecoder().decode(value.path("base64").asText(""));
                } catch (IllegalArgumentException e) {
                    throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "invalid base64 in " + field);
                }
            }
            case "File" -> {
                if (!value.path("name").isTextual() || value.path("name").asText().isEmpty()) {
                    throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "a File needs a name in " + field);
                }
            }
            case "GeoPoint" -> validateGeoPoint(field, value);
            case "Polygon" -> {
                JsonNode coords = value.path("coordinates");
                if (!coords.isArray() || coords.size() < 3) {
                    throw new ParseException(ParseErrorCode.INCORRECT_TYPE,
                            "Polygon must have at least 3 coordinates in " + field);
                }
                for (JsonNode pair : coords) {
                    if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
                        throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "bad Polygon coordinates in " + field);
                    }
                }
            }
            case "Relation", "Object" -> {
                // Relation is read-only and Object is an included pointer: clients may echo them back unchanged.
            }
            default -> throw new ParseException(ParseErrorCode.INCORRECT_TYPE,
                    "This is not a valid " + Names.printable(type));
        }
    }

    private static void validateGeoPoint(String field, JsonNode value) {
        JsonNode lat = value.path("latitude");
        JsonNode lng = value.path("longitude");
        if (!lat.isNumber() || !lng.isNumber()) {
            throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "invalid GeoPoint in " + field);
        }
        if (lat.asDouble() < -90 || lat.asDouble() > 90 || lng.asDouble() < -180 || lng.asDouble() > 180) {
            throw new ParseException(ParseErrorCode.INVALID_JSON, "GeoPoint out of range in " + field);
        }
    }

    /** The schema type a written value implies; empty for null or Delete, which fit any type. */
    public static Optional<FieldType> typeOf(FieldOp op) {
        return switch (op) {
            case FieldOp.Set s -> typeOf(s.value());
            case FieldOp.Delete d -> Optional.empty();
            case FieldOp.Increment i -> Optional.of(FieldType.of(Kind.NUMBER));
            case FieldOp.Add a -> Optional.of(FieldType.of(Kind.ARRAY));
            case FieldOp.AddUnique a -> Optional.of(FieldType.of(Kind.ARRAY));
            case FieldOp.Remove r -> Optional.of(FieldType.of(Kind.ARRAY));
            case FieldOp.Relation r -> Optional.of(FieldType.relation(r.targetClass()));
        };
    }

    public static Optional<FieldType> typeOf(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(FieldType.of(Kind.BOOLEAN));
        }
        if (value.isTextual()) {
            return Optional.of(FieldType.of(Kind.STRING));
        }
        if (value.isNumber()) {
            return Optional.of(FieldType.of(Kind.NUMBER));
        }
        if (value.isArray()) {
            return Optional.of(FieldType.of(Kind.ARRAY));
        }
        return Optional.of(switch (value.path("__type").asText("")) {
            case "Pointer", "Object" -> FieldType.pointer(value.path("className").asText());
            case "Date" -> FieldType.of(Kind.DATE);
            case "Bytes" -> FieldType.of(Kind.BYTES);
            case "File" -> FieldType.of(Kind.FILE);
            case "GeoPoint" -> FieldType.of(Kind.GEOPOINT);
            case "Polygon" -> FieldType.of(Kind.POLYGON);
            case "Relation" -> FieldType.relation(value.path("className").asText());
            default -> FieldType.of(Kind.OBJECT);
        });
    }
}
