package io.heliobase.livequery.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parse's {@code RequestSchema.js} checked the way tv4 checks it, so clients get the same first error and text:
 * type, then required properties in schema order, then each sent property in message order (unknown ones are
 * "Additional properties not allowed"), arrays by length, uniqueness, then item type. One deliberate addition:
 * {@code query.fields}, the pre-7 name of {@code keys}, is accepted.
 */
final class RequestSchema {
    static final int SCHEMA_ERROR = 1;

    private enum Kind { ANY, STRING, NUMBER, OBJECT, STRING_SET, QUERY }

    private record ObjectSchema(List<String> required, Map<String, Kind> properties) {
    }

    private static final List<String> OPS = List.of("connect", "subscribe", "unsubscribe", "update", "query");
    private static final ObjectSchema CONNECT = schema(List.of("op", "applicationId"), "op", Kind.ANY,
            "applicationId", Kind.STRING, "javascriptKey", Kind.STRING, "masterKey", Kind.STRING,
            "clientKey", Kind.STRING, "windowsKey", Kind.STRING, "restAPIKey", Kind.STRING,
            "sessionToken", Kind.STRING, "installationId", Kind.STRING);
    private static final ObjectSchema SUBSCRIBE = schema(List.of("op", "requestId", "query"), "op", Kind.ANY,
            "requestId", Kind.NUMBER, "query", Kind.QUERY, "sessionToken", Kind.STRING, "since", Kind.NUMBER);
    private static final ObjectSchema UNSUBSCRIBE = schema(List.of("op", "requestId"), "op", Kind.ANY,
            "requestId", Kind.NUMBER);
    private static final ObjectSchema QUERY = schema(List.of("where", "className"), "className", Kind.STRING,
            "where", Kind.OBJECT, "keys", Kind.STRING_SET, "watch", Kind.STRING_SET, "fields", Kind.STRING_SET,
            "include", Kind.STRING_SET);

    private RequestSchema() {
    }

    /** Checks a parsed message and returns its op; throws code 1 with tv4's message otherwise. */
    static String check(JsonNode message) {
        expectType(message, "object");
        if (!message.has("op")) {
            throw fail("Missing required property: op");
        }
        JsonNode op = message.get("op");
        expectType(op, "string");
        if (!OPS.contains(op.asText())) {
            throw fail("No enum match for: " + Json.text(op));
        }
        checkObject(message, switch (op.asText()) {
            case "connect" -> CONNECT;
            case "subscribe", "update" -> SUBSCRIBE;
            default -> UNSUBSCRIBE;
        });
        return op.asText();
    }

    private static void checkObject(JsonNode node, ObjectSchema schema) {
        for (String name : schema.required()) {
            if (!node.has(name)) {
                throw fail("Missing required property: " + name);
            }
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            Kind kind = schema.properties().get(property.getKey());
            if (kind == null) {
                throw fail("Additional properties not allowed");
            }
            checkValue(property.getValue(), kind);
        }
    }

    private static void checkValue(JsonNode value, Kind kind) {
        switch (kind) {
            case ANY -> { }
            case STRING -> expectType(value, "string");
            case NUMBER -> expectType(value, "number");
            case OBJECT -> expectType(value, "object");
            case QUERY -> {
                expectType(value, "object");
                checkObject(value, QUERY);
            }
            case STRING_SET -> checkStringSet(value);
        }
    }

    /** tv4 order for {@code {type:array, items:{type:string}, minItems:1, uniqueItems:true}}. */
    private static void checkStringSet(JsonNode value) {
        expectType(value, "array");
        if (value.isEmpty()) {
            throw fail("Array is too short (0), minimum 1");
        }
        for (int i = 0; i < value.size(); i++) {
            for (int j = i + 1; j < value.size(); j++) {
                if (value.get(i).equals(value.get(j))) {
                    throw fail("Array items are not unique (indices " + i + " and " + j + ")");
                }
            }
        }
        for (JsonNode item : value) {
            expectType(item, "string");
        }
    }

    private static void expectType(JsonNode value, String expected) {
        String actual = typeName(value);
        if (!actual.equals(expected)) {
            throw fail("Invalid type: " + actual + " (expected " + expected + ")");
        }
    }

    /** JSON Schema type names as tv4 reports them. */
    private static String typeName(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT, POJO -> "object";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL, MISSING -> "null";
        };
    }

    private static ObjectSchema schema(List<String> required, Object... nameKindPairs) {
        Map<String, Kind> properties = new LinkedHashMap<>();
        for (int i = 0; i < nameKindPairs.length; i += 2) {
            properties.put((String) nameKindPairs[i], (Kind) nameKindPairs[i + 1]);
        }
        return new ObjectSchema(required, Map.copyOf(properties));
    }

    static LiveQueryProtocolException fail(String message) {
        return new LiveQueryProtocolException(SCHEMA_ERROR, message);
    }
}
