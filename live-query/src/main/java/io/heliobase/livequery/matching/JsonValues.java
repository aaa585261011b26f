package io.heliobase.livequery.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.time.Instant;
import java.util.Map;

/**
 * Equality and ordering of Parse REST JSON values as MongoDB applies them to the stored form: numbers by value,
 * Dates by instant, pointers by class and id, strings by code point; values of different types never compare.
 */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * The value at a dot path, or null when absent (JSON null is returned as a NullNode: present). Numeric segments
     * index arrays. {@code createdAt}/{@code updatedAt} are ISO strings in REST JSON but Dates in storage, so they
     * are returned as Date values to compare with Date constraints.
     */
    static JsonNode resolve(ObjectNode object, String path) {
        if (path.equals("createdAt") || path.equals("updatedAt")) {
            JsonNode v = object.get(path);
            return v != null && v.isTextual() ? Json.object().put("__type", "Date").put("iso", v.asText()) : v;
        }
        JsonNode current = object;
        int start = 0;
        while (current != null) {
            int dot = path.indexOf('.', start);
            String segment = dot < 0 ? path.substring(start) : path.substring(start, dot);
            current = child(current, segment);
            if (dot < 0) {
                return current;
            }
            start = dot + 1;
        }
        return null;
    }

    private static JsonNode child(JsonNode node, String segment) {
        if (node.isObject()) {
            return node.get(segment);
        }
        if (node.isArray() && !segment.isEmpty() && segment.chars().allMatch(Character::isDigit)
                && segment.length() < 10) {
            return node.get(Integer.parseInt(segment));
        }
        return null;
    }

    static boolean isType(JsonNode node, String type) {
        return node != null && node.isObject() && type.equals(node.path("__type").asText(null));
    }

    /** A pointer, or an included object (which Parse's REST JSON marks __type Object), both have class and id. */
    private static boolean isObjectRef(JsonNode node) {
        return (isType(node, "Pointer") || isType(node, "Object")) && node.path("className").isTextual()
                && node.path("objectId").isTextual();
    }

    static Instant instant(JsonNode node) {
        if (!isType(node, "Date") || !node.path("iso").isTextual()) {
            return null;
        }
        try {
            return Json.parseIso(node.path("iso").asText());
        } catch (ParseException e) {
            return null;
        }
    }

    /** Deep equality with Parse's type rules; keys of plain objects compare regardless of order. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (isObjectRef(a) && isObjectRef(b)) {
            return a.path("className").asText().equals(b.path("className").asText())
                    && a.path("objectId").asText().equals(b.path("objectId").asText());
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        if (ia != null || ib != null) {
            return ia != null && ia.equals(ib);
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !same(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * Ordering for $lt/$lte/$gt/$gte, or null when the two are not of one comparable type (numbers, strings,
     * booleans, Dates); MongoDB's type brackets make such comparisons false.
     */
    static Integer compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isTextual() && b.isTextual()) {
            return compareCodePoints(a.asText(), b.asText());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return Boolean.compare(a.booleanValue(), b.booleanValue());
        }
        if (a.isNull() && b.isNull()) {
            return 0;
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        return ia != null && ib != null ? ia.compareTo(ib) : null;
    }

    /** UTF-8 byte order, which is MongoDB's binary string order (UTF-16 unit order differs above U+D7FF). */
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
