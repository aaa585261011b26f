package io.heliobase.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.schema.Names;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The options of a find ({@code GET /classes/C}) besides {@code where}, validated as Parse Server does. */
public record FindOptions(int limit, int skip, List<SortKey> order, Set<String> keys, Set<String> excludeKeys,
                          List<String> include, boolean includeAll, boolean count, String hint, boolean explain) {

    public static final int DEFAULT_LIMIT = 100;
    private static final Set<String> FIND_PARAMS = Set.of("where", "limit", "skip", "order", "count", "keys",
            "excludeKeys", "include", "includeAll", "explain", "hint", "readPreference", "includeReadPreference",
            "subqueryReadPreference", "comment", "redirectClassNameForKey");
    private static final Set<String> GET_PARAMS = Set.of("keys", "include", "excludeKeys", "readPreference",
            "includeReadPreference", "subqueryReadPreference");

    /** A sort key; {@code field} may be objectId, createdAt, updatedAt or a stored field (dot paths allowed). */
    public record SortKey(String field, boolean ascending) {
    }

    public FindOptions {
        order = List.copyOf(order);
        keys = keys == null ? null : Set.copyOf(keys);
        excludeKeys = Set.copyOf(excludeKeys);
        include = List.copyOf(include);
    }

    /** Options for a find; unknown parameters are Parse's 102. */
    public static FindOptions forFind(JsonNode params, int maxLimit) {
        checkAllowed(params, FIND_PARAMS);
        int limit = integer(params, "limit", DEFAULT_LIMIT);
        if (limit > maxLimit) {
            throw ParseException.invalidQuery("limit " + limit + " exceeds the maximum of " + maxLimit
                    + " (maxLimit); page with skip or a where on an ordered field");
        }
        int skip = integer(params, "skip", 0);
        return new FindOptions(limit, skip, order(params.get("order")), keySet(params.get("keys")),
                orEmpty(keySet(params.get("excludeKeys"))), includes(params.get("include")),
                truthy(params.get("includeAll")) || includes(params.get("include")).contains("*"),
                truthy(params.get("count")), text(params.get("hint")), truthy(params.get("explain")));
    }

    /** Options for a get by id, which accepts only projection and include parameters. */
    public static FindOptions forGet(JsonNode params) {
        checkAllowed(params, GET_PARAMS);
        return new FindOptions(1, 0, List.of(), keySet(params.get("keys")),
                orEmpty(keySet(params.get("excludeKeys"))), includes(params.get("include")),
                includes(params.get("include")).contains("*"), false, null, false);
    }

    private static void checkAllowed(JsonNode params, Set<String> allowed) {
        for (Map.Entry<String, JsonNode> e : params.properties()) {
            if (!allowed.contains(e.getKey())) {
                throw ParseException.invalidQuery("Invalid parameter for query: " + Names.printable(e.getKey()));
            }
        }
    }

    /** A limit or skip as a number, whether it came as one or as query-string text. */
    public static int integerParam(String name, JsonNode value) {
        return integer(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set(name, value), name, 0);
    }

    private static int integer(JsonNode params, String name, int fallback) {
        JsonNode v = params.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isTextual()) {
            try {
                v = com.fasterxml.jackson.databind.node.LongNode.valueOf(Long.parseLong(v.asText().trim()));
            } catch (NumberFormatException e) {
                throw ParseException.invalidQuery("Invalid parameter for query: " + name + " must be a number");
            }
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw ParseException.invalidQuery(name + " must be a non-negative integer");
        }
        return v.intValue();
    }

    private static List<SortKey> order(JsonNode node) {
        List<SortKey> keys = new ArrayList<>();
        for (String part : csv(node, "order")) {
            boolean descending = part.startsWith("-");
            String field = descending ? part.substring(1) : part;
            if (field.equals("$score")) {
                keys.add(new SortKey(field, false));
                continue;
            }
            if (!field.matches("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$") || field.equals("ACL")) {
                throw new ParseException(io.heliobase.core.error.ParseErrorCode.INVALID_KEY_NAME,
                        "Invalid field name: " + Names.printable(field) + ".");
            }
            keys.add(new SortKey(field, !descending));
        }
        return keys;
    }

    private static Set<String> keySet(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String key : csv(node, "keys")) {
            if (!key.matches("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$")) {
                throw new ParseException(io.heliobase.core.error.ParseErrorCode.INVALID_KEY_NAME,
                        "Invalid key name: " + Names.printable(key));
            }
            keys.add(key);
        }
        return keys;
    }

    private static List<String> includes(JsonNode node) {
        List<String> paths = new ArrayList<>();
        for (String path : csv(node, "include")) {
            if (!path.equals("*") && !path.matches("^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*$")) {
                throw ParseException.invalidQuery("Invalid include path: " + Names.printable(path));
            }
            paths.add(path);
        }
        return paths;
    }

    /** Parse accepts "a,b" and, from some SDKs, a JSON array of names. */
    private static List<String> csv(JsonNode node, String name) {
        List<String> parts = new ArrayList<>();
        if (node == null || node.isNull()) {
            return parts;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw ParseException.invalidQuery("Invalid parameter for query: " + name);
                }
                parts.add(item.asText());
            }
            return parts;
        }
        if (!node.isTextual()) {
            throw ParseException.invalidQuery("Invalid parameter for query: " + name);
        }
        for (String part : node.asText().split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.asInt() != 0;
        }
        return v.isTextual() && (v.asText().equals("1") || v.asText().equalsIgnoreCase("true"));
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static Set<String> orEmpty(Set<String> set) {
        return set == null ? Set.of() : set;
    }
}
