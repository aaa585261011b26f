package io.heliobase.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** JSON parsing with hard limits on nesting and sizes, and Parse's date formatting. */
public final class Json {
    /** Default maximum nesting depth of a request body; deeper bodies are refused before they are built. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = mapper(DEFAULT_MAX_DEPTH);

    private Json() {
    }

    /** An ObjectMapper whose parser refuses documents nested deeper than {@code maxDepth}. */
    public static ObjectMapper mapper(int maxDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxNumberLength(64)
                        .build())
                .build();
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Parses a request body; malformed or too deeply nested JSON is Parse's 107. */
    public static JsonNode parse(ObjectMapper mapper, byte[] bytes) {
        try {
            JsonNode node = mapper.readTree(bytes);
            return node == null ? JsonNodeFactory.instance.missingNode() : node;
        } catch (StreamConstraintsException e) {
            throw new ParseException(ParseErrorCode.INVALID_JSON, "Invalid JSON: " + shortMessage(e));
        } catch (IOException e) {
            throw new ParseException(ParseErrorCode.INVALID_JSON, "Invalid JSON");
        }
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new ParseException(ParseErrorCode.INVALID_JSON, "Invalid JSON: " + shortMessage(e));
        } catch (IOException e) {
            throw new ParseException(ParseErrorCode.INVALID_JSON, "Invalid JSON");
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parse's timestamp format: ISO-8601 in UTC with milliseconds, e.g. 2024-01-01T00:00:00.000Z. */
    public static String iso(Instant instant) {
        String fast = IsoDates.format(instant);
        return fast != null ? fast : ISO_MILLIS.format(instant);
    }

    /** Parse's Date value: {@code {"__type":"Date","iso":...}}. */
    public static ObjectNode date(Instant instant) {
        return object().put("__type", "Date").put("iso", iso(instant));
    }

    /** Parse's Pointer value: {@code {"__type":"Pointer","className":...,"objectId":...}}. */
    public static ObjectNode pointer(String className, String objectId) {
        return object().put("__type", "Pointer").put("className", className).put("objectId", objectId);
    }

    public static Instant parseIso(String iso) {
        Instant fast = IsoDates.parse(iso);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException e2) {
                throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "invalid date: " + iso);
            }
        }
    }

    private static String shortMessage(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" (");
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
