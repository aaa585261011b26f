package io.heliobase.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.query.Constraint.Comparison;
import io.heliobase.core.schema.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses Parse's {@code where} JSON into a {@link Predicate}. It refuses what Parse Server refuses (unknown operators,
 * {@code $where}, queries on ACL, invalid keys) and what it should have refused (unbounded width and depth).
 */
public final class WhereParser {
    private static final Pattern PATH = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$");
    private static final Set<String> INTERNAL_KEYS = Set.of("_rperm", "_wperm", "_perishable_token",
            "_email_verify_token", "_email_verify_token_expires_at", "_account_lockout_expires_at",
            "_failed_login_count", "_hashed_password", "_session_token", "_perishable_token_expires_at",
            "_password_changed_at");
    private static final Set<String> CONSTRAINT_KEYS = Set.of("$lt", "$lte", "$gt", "$gte", "$ne", "$eq", "$in",
            "$nin", "$all", "$containedBy", "$exists", "$regex", "$options", "$inQuery", "$notInQuery", "$select",
            "$dontSelect", "$text", "$nearSphere", "$maxDistance", "$maxDistanceInRadians", "$maxDistanceInMiles",
            "$maxDistanceInKilometers", "$within", "$geoWithin", "$geoIntersects");
    /** A group that holds a quantifier and is itself quantified: the shape of catastrophic backtracking. */
    private static final Pattern NESTED_QUANTIFIER =
            Pattern.compile("\\((?:[^()\\\\]|\\\\.)*(?:[+*]|\\{\\d+,\\d*})(?:[^()\\\\]|\\\\.)*\\)(?:[+*]|\\{\\d+,)");
    private static final double EARTH_RADIUS_MILES = 3958.8;
    private static final double EARTH_RADIUS_KM = 6371.0;

    private final QueryLimits limits;
    private final boolean allowInternalKeys;

    public WhereParser(QueryLimits limits, boolean allowInternalKeys) {
        this.limits = limits;
        this.allowInternalKeys = allowInternalKeys;
    }

    public Predicate parse(JsonNode where) {
        return parse(where, 0);
    }

    private Predicate parse(JsonNode where, int depth) {
        if (where == null || where.isNull() || where.isMissingNode()) {
            return Predicate.ALL;
        }
        if (!where.isObject()) {
            throw ParseException.invalidQuery("where must be a JSON object");
        }
        List<Predicate> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : where.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            switch (key) {
                case "$or" -> parts.add(new Predicate.Or(connective(key, value, depth)));
                case "$and" -> parts.add(new Predicate.And(connective(key, value, depth)));
                case "$nor" -> parts.add(new Predicate.Nor(connective(key, value, depth)));
                case "$relatedTo" -> parts.add(relatedTo(value));
                default -> parts.addAll(field(key, value, depth));
            }
        }
        return parts.size() == 1 ? parts.getFirst() : parts.isEmpty() ? Predicate.ALL : new Predicate.And(parts);
    }

    private List<Predicate> connective(String key, JsonNode value, int depth) {
        if (!value.isArray()) {
            throw ParseException.invalidQuery("Bad " + key + " format - use an array value.");
        }
        if (value.isEmpty()) {
            throw ParseException.invalidQuery("Bad " + key + " format - use an array of at least 1 value.");
        }
        if (value.size() > limits.maxOrWidth()) {
            throw ParseException.invalidQuery(key + " has " + value.size() + " clauses; the limit is "
                    + limits.maxOrWidth() + " (maxOrWidth)");
        }
        List<Predicate> parts = new ArrayList<>();
        for (JsonNode clause : value) {
            if (!clause.isObject()) {
                throw ParseException.invalidQuery("Bad " + key + " format - use an array of objects.");
            }
            parts.add(parse(clause, depth));
        }
        return parts;
    }

    private Predicate relatedTo(JsonNode value) {
        JsonNode object = value.path("object");
        if (!value.isObject() || !isPointer(object) || !value.path("key").isTextual()) {
            throw ParseException.invalidQuery("bad $relatedTo: needs an object pointer and a key");
        }
        return new Predicate.RelatedTo(object, value.path("key").asText());
    }

    private List<Predicate> field(String path, JsonNode value, int depth) {
        checkPath(path);
        if (value.isObject() && hasOperatorKeys(value)) {
            return constraints(path, (ObjectNode) value, depth);
        }
        return List.of(new Predicate.Field(path, new Constraint.Compare(Comparison.EQ, value)));
    }

    private void checkPath(String path) {
        if (path.equals("ACL")) {
            throw ParseException.invalidQuery("Cannot query on ACL.");
        }
        if (INTERNAL_KEYS.contains(path) && allowInternalKeys) {
            return;
        }
        if (path.startsWith("$") || !PATH.matcher(path).matches() || path.length() > 1024) {
            throw new ParseException(ParseErrorCode.INVALID_KEY_NAME, "Invalid key name: " + Names.printable(path));
        }
    }

    private static boolean hasOperatorKeys(JsonNode value) {
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (e.getKey().startsWith("$")) {
                return true;
            }
        }
        return false;
    }

    private List<Predicate> constraints(String path, ObjectNode ops, int depth) {
        List<Predicate> result = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : ops.properties()) {
            String op = e.getKey();
            if (!CONSTRAINT_KEYS.contains(op)) {
                throw new ParseException(ParseErrorCode.INVALID_JSON, "bad constraint: " + Names.printable(op));
            }
            Constraint c = constraint(op, e.getValue(), ops, depth);
            if (c != null) {
                result.add(new Predicate.Field(path, c));
            }
        }
        return result;
    }

    /** Returns null for modifiers ($options, $maxDistance*) that were folded into their operator. */
    private Constraint constraint(String op, JsonNode v, ObjectNode ops, int depth) {
        return switch (op) {
            case "$eq" -> new Constraint.Compare(Comparison.EQ, v);
            case "$ne" -> new Constraint.Compare(Comparison.NE, v);
            case "$lt" -> new Constraint.Compare(Comparison.LT, RelativeTime.resolve(v));
            case "$lte" -> new Constraint.Compare(Comparison.LTE, RelativeTime.resolve(v));
            case "$gt" -> new Constraint.Compare(Comparison.GT, RelativeTime.resolve(v));
            case "$gte" -> new Constraint.Compare(Comparison.GTE, RelativeTime.resolve(v));
            case "$in" -> new Constraint.In(values(op, v), false);
            case "$nin" -> new Constraint.In(values(op, v), true);
            case "$all" -> new Constraint.ContainsAll(values(op, v));
            case "$containedBy" -> new Constraint.ContainedBy(values(op, v));
            case "$exists" -> {
                if (!v.isBoolean()) {
                    throw ParseException.invalidQuery("bad $exists value: use true or false");
                }
                yield new Constraint.Exists(v.booleanValue());
            }
            case "$regex" -> regex(v, ops.get("$options"));
            case "$options" -> {
                if (!ops.has("$regex")) {
                    throw ParseException.invalidQuery("$options needs $regex");
                }
                yield null;
            }
            case "$inQuery", "$notInQuery" -> inQuery(op, v, depth);
            case "$select", "$dontSelect" -> select(op, v, depth);
            case "$text" -> text(v);
            case "$nearSphere" -> nearSphere(v, ops);
            case "$maxDistance", "$maxDistanceInRadians", "$maxDistanceInMiles", "$maxDistanceInKilometers" -> {
                if (!ops.has("$nearSphere")) {
                    throw ParseException.invalidQuery(op + " needs $nearSphere");
                }
                yield null;
            }
            case "$within" -> within(v);
            case "$geoWithin" -> geoWithin(v);
            case "$geoIntersects" -> {
                JsonNode point = v.path("$point");
                requireGeoPoint(point, "$geoIntersects");
                yield new Constraint.IntersectsPoint(point.path("latitude").asDouble(),
                        point.path("longitude").asDouble());
            }
            default -> throw new ParseException(ParseErrorCode.INVALID_JSON, "bad constraint: " + op);
        };
    }

    private List<JsonNode> values(String op, JsonNode v) {
        if (!v.isArray()) {
            throw ParseException.invalidQuery("bad " + op + " value");
        }
        if (v.size() > limits.maxInValues()) {
            throw ParseException.invalidQuery(op + " has " + v.size() + " values; the limit is "
                    + limits.maxInValues() + " (maxInValues)");
        }
        List<JsonNode> list = new ArrayList<>();
        v.forEach(list::add);
        return list;
    }

    private Constraint regex(JsonNode v, JsonNode optionsNode) {
        if (!v.isTextual()) {
            throw ParseException.invalidQuery("bad $regex value: use a string");
        }
        String pattern = v.asText();
        if (pattern.length() > limits.maxRegexLength()) {
            throw ParseException.invalidQuery("$regex is " + pattern.length() + " characters; the limit is "
                    + limits.maxRegexLength() + " (maxRegexLength)");
        }
        String options = optionsNode == null ? "" : optionsNode.asText("");
        if (optionsNode != null && !optionsNode.isTextual() || !options.matches("[imxs]*")) {
            throw ParseException.invalidQuery("Bad $options value for query: " + Names.printable(options));
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw ParseException.invalidQuery("Invalid regular expression: " + e.getDescription());
        }
        if (NESTED_QUANTIFIER.matcher(pattern).find()) {
            // (a+)+, (x*)*, (a|a+){2,}: backtracking explodes on a near-miss, and neither MongoDB nor the embedded
            // store can stop a regex once it runs
            throw ParseException.invalidQuery("$regex has a quantified group that contains a quantifier, which can"
                    + " take exponential time; rewrite it without nesting (maxRegexComplexity)");
        }
        return new Constraint.Regex(pattern, options);
    }

    private Constraint inQuery(String op, JsonNode v, int depth) {
        if (!v.isObject() || !v.path("className").isTextual()) {
            throw ParseException.invalidQuery("bad " + op + " value: needs className and where");
        }
        checkDepth(op, depth);
        String className = v.path("className").asText();
        Names.requireValidClassName(className);
        return new Constraint.InQuery(className, parse(v.get("where"), depth + 1), op.equals("$notInQuery"));
    }

    private Constraint select(String op, JsonNode v, int depth) {
        JsonNode query = v.path("query");
        if (!v.isObject() || !query.isObject() || !query.path("className").isTextual() || !v.path("key").isTextual()) {
            throw ParseException.invalidQuery("bad " + op + " value: needs query{className, where} and key");
        }
        checkDepth(op, depth);
        String className = query.path("className").asText();
        Names.requireValidClassName(className);
        String key = v.path("key").asText();
        checkPath(key);
        return new Constraint.Select(className, parse(query.get("where"), depth + 1), key, op.equals("$dontSelect"));
    }

    private void checkDepth(String op, int depth) {
        if (depth + 1 > limits.maxSubqueryDepth()) {
            throw ParseException.invalidQuery(op + " nests subqueries deeper than "
                    + limits.maxSubqueryDepth() + " (maxSubqueryDepth)");
        }
    }

    private static Constraint text(JsonNode v) {
        JsonNode search = v.path("$search");
        if (!search.isObject() || !search.path("$term").isTextual()) {
            throw ParseException.invalidQuery("bad $text: $search.$term should be a string");
        }
        return new Constraint.Text(search.path("$term").asText(), optionalText(search, "$language"),
                optionalBool(search, "$caseSensitive"), optionalBool(search, "$diacriticSensitive"));
    }

    private static String optionalText(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw ParseException.invalidQuery("bad $text: " + key + " should be a string");
        }
        return v.asText();
    }

    private static Boolean optionalBool(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ParseException.invalidQuery("bad $text: " + key + " should be a boolean");
        }
        return v.booleanValue();
    }

    private static Constraint nearSphere(JsonNode point, ObjectNode ops) {
        requireGeoPoint(point, "$nearSphere");
        Double radians = null;
        if (ops.has("$maxDistance")) {
            radians = number(ops.get("$maxDistance"), "$maxDistance");
        } else if (ops.has("$maxDistanceInRadians")) {
            radians = number(ops.get("$maxDistanceInRadians"), "$maxDistanceInRadians");
        } else if (ops.has("$maxDistanceInMiles")) {
            radians = number(ops.get("$maxDistanceInMiles"), "$maxDistanceInMiles") / EARTH_RADIUS_MILES;
        } else if (ops.has("$maxDistanceInKilometers")) {
            radians = number(ops.get("$maxDistanceInKilometers"), "$maxDistanceInKilometers") / EARTH_RADIUS_KM;
        }
        return new Constraint.NearSphere(point.path("latitude").asDouble(), point.path("longitude").asDouble(),
                radians);
    }

    private static double number(JsonNode v, String op) {
        if (!v.isNumber()) {
            throw ParseException.invalidQuery("bad " + op + " value: use a number");
        }
        return v.asDouble();
    }

    private static Constraint within(JsonNode v) {
        JsonNode box = v.path("$box");
        if (!box.isArray() || box.size() != 2) {
            throw ParseException.invalidQuery("bad $within: $box needs two GeoPoints");
        }
        requireGeoPoint(box.get(0), "$box");
        requireGeoPoint(box.get(1), "$box");
        return new Constraint.WithinBox(box.get(0).path("latitude").asDouble(), box.get(0).path("longitude").asDouble(),
                box.get(1).path("latitude").asDouble(), box.get(1).path("longitude").asDouble());
    }

    private static Constraint geoWithin(JsonNode v) {
        if (v.has("$polygon")) {
            JsonNode polygon = v.get("$polygon");
            List<double[]> points = new ArrayList<>();
            if (polygon.isObject() && "Polygon".equals(polygon.path("__type").asText())) {
                for (JsonNode pair : polygon.path("coordinates")) {
                    points.add(new double[] {pair.path(0).asDouble(), pair.path(1).asDouble()});
                }
            } else if (polygon.isArray()) {
                for (JsonNode p : polygon) {
                    requireGeoPoint(p, "$polygon");
                    points.add(new double[] {p.path("latitude").asDouble(), p.path("longitude").asDouble()});
                }
            }
            if (points.size() < 3) {
                throw ParseException.invalidQuery("bad $geoWithin value; $polygon should contain at least 3 GeoPoints");
            }
            return new Constraint.WithinPolygon(points);
        }
        JsonNode sphere = v.path("$centerSphere");
        if (sphere.isArray() && sphere.size() == 2 && sphere.get(1).isNumber()) {
            JsonNode center = sphere.get(0);
            double lat;
            double lng;
            if (center.isArray() && center.size() == 2) {
                lng = center.get(0).asDouble();
                lat = center.get(1).asDouble();
            } else {
                requireGeoPoint(center, "$centerSphere");
                lat = center.path("latitude").asDouble();
                lng = center.path("longitude").asDouble();
            }
            return new Constraint.WithinCenterSphere(lat, lng, sphere.get(1).asDouble());
        }
        throw ParseException.invalidQuery("bad $geoWithin value; needs $polygon or $centerSphere");
    }

    private static void requireGeoPoint(JsonNode node, String op) {
        if (node == null || !"GeoPoint".equals(node.path("__type").asText()) || !node.path("latitude").isNumber()
                || !node.path("longitude").isNumber()) {
            throw ParseException.invalidQuery("bad " + op + " value; needs a GeoPoint");
        }
        double lat = node.path("latitude").asDouble();
        double lng = node.path("longitude").asDouble();
        if (lat < -90 || lat > 90 || lng < -180 || lng > 180) {
            throw ParseException.invalidQuery("GeoPoint out of range in " + op);
        }
    }

    static boolean isPointer(JsonNode node) {
        return node != null && node.isObject() && "Pointer".equals(node.path("__type").asText())
                && node.path("className").isTextual() && node.path("objectId").isTextual();
    }
}
