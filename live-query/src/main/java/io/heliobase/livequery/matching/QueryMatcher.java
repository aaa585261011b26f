package io.heliobase.livequery.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Predicate;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Decides a parsed where clause against one object in Parse REST JSON: LiveQuery's replacement for Parse's
 * QueryTools.matchesQuery. Where Parse's in-memory matcher and MongoDB disagree, this follows MongoDB so a
 * subscription sees the objects a find with the same where returns: {@code {"a":null}} matches a missing field,
 * array fields match a value they contain, $exists counts a null value as present, and $containedBy accepts a
 * missing field. Pure and thread-safe.
 */
public final class QueryMatcher {
    private QueryMatcher() {
    }

    /** Whether the object satisfies the predicate; parts that need another read ({@link #decidable}) are false. */
    public static boolean matches(Predicate where, ObjectNode object) {
        return switch (where) {
            case Predicate.All all -> true;
            case Predicate.And and -> and.parts().stream().allMatch(p -> matches(p, object));
            case Predicate.Or or -> or.parts().stream().anyMatch(p -> matches(p, object));
            case Predicate.Nor nor -> nor.parts().stream().noneMatch(p -> matches(p, object));
            case Predicate.Field field -> field(field.constraint(), JsonValues.resolve(object, field.path()));
            case Predicate.RelatedTo related -> false;
        };
    }

    /** Whether {@link #matches} can decide the predicate on one object, without reading other objects. */
    /**
     * Whether two field values are the same by the matcher's rules (numbers by value, dates by instant, pointers by
     * class and id); a missing value equals only another missing value.
     */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return JsonValues.same(a, b);
    }

    public static boolean decidable(Predicate where) {
        return undecidableOperator(where).isEmpty();
    }

    /** The first operator that needs another read ($inQuery, $select, $relatedTo, $text ...), to name in an error. */
    public static Optional<String> undecidableOperator(Predicate where) {
        return switch (where) {
            case Predicate.All all -> Optional.empty();
            case Predicate.And and -> first(and.parts());
            case Predicate.Or or -> first(or.parts());
            case Predicate.Nor nor -> first(nor.parts());
            case Predicate.RelatedTo related -> Optional.of("$relatedTo");
            case Predicate.Field field -> switch (field.constraint()) {
                case Constraint.InQuery q -> Optional.of(q.negated() ? "$notInQuery" : "$inQuery");
                case Constraint.Select s -> Optional.of(s.negated() ? "$dontSelect" : "$select");
                case Constraint.Text t -> Optional.of("$text");
                case Constraint.Compare c -> Optional.empty();
                case Constraint.In in -> Optional.empty();
                case Constraint.ContainsAll all -> Optional.empty();
                case Constraint.ContainedBy by -> Optional.empty();
                case Constraint.Exists e -> Optional.empty();
                case Constraint.Regex r -> Optional.empty();
                case Constraint.NearSphere n -> Optional.empty();
                case Constraint.WithinBox b -> Optional.empty();
                case Constraint.WithinPolygon p -> Optional.empty();
                case Constraint.WithinCenterSphere c -> Optional.empty();
                case Constraint.IntersectsPoint p -> Optional.empty();
            };
        };
    }

    private static Optional<String> first(List<Predicate> parts) {
        return parts.stream().map(QueryMatcher::undecidableOperator).flatMap(Optional::stream).findFirst();
    }

    /** {@code value} is the field's value, or null when the object does not have it. */
    private static boolean field(Constraint constraint, JsonNode value) {
        return switch (constraint) {
            case Constraint.Compare c -> switch (c.op()) {
                case EQ -> equalsOrContains(value, c.value());
                case NE -> !equalsOrContains(value, c.value());
                case LT -> anyCompares(value, c.value(), r -> r < 0);
                case LTE -> anyCompares(value, c.value(), r -> r <= 0);
                case GT -> anyCompares(value, c.value(), r -> r > 0);
                case GTE -> anyCompares(value, c.value(), r -> r >= 0);
            };
            case Constraint.In in -> in.negated() != in.values().stream().anyMatch(v -> elementMatches(value, v));
            case Constraint.ContainsAll all -> value != null && !all.values().isEmpty()
                    && all.values().stream().allMatch(v -> elementMatches(value, v));
            case Constraint.ContainedBy by -> value == null || !value.isArray()
                    || allElements(value, e -> by.values().stream().anyMatch(v -> JsonValues.same(e, v)));
            case Constraint.Exists e -> e.exists() == (value != null);
            case Constraint.Regex r -> regex(value, r.pattern(), r.options());
            case Constraint.InQuery q -> false;
            case Constraint.Select s -> false;
            case Constraint.Text t -> false;
            case Constraint.NearSphere n -> anyPoint(value, p -> n.maxDistanceRadians() == null
                    || Geo.radiansBetween(p[0], p[1], n.latitude(), n.longitude()) <= n.maxDistanceRadians());
            case Constraint.WithinBox b -> anyPoint(value, p -> Geo.inBox(p[0], p[1], b.swLatitude(),
                    b.swLongitude(), b.neLatitude(), b.neLongitude()));
            case Constraint.WithinPolygon p -> anyPoint(value, pt -> Geo.inPolygon(p.points(), pt[0], pt[1]));
            case Constraint.WithinCenterSphere c -> anyPoint(value,
                    p -> Geo.radiansBetween(p[0], p[1], c.latitude(), c.longitude()) <= c.radians());
            case Constraint.IntersectsPoint p -> {
                List<double[]> polygon = value == null ? null : Geo.polygon(value);
                yield polygon != null && Geo.inPolygon(polygon, p.latitude(), p.longitude());
            }
        };
    }

    /** MongoDB equality: null matches missing; an array field matches when equal or when an element is equal. */
    private static boolean equalsOrContains(JsonNode value, JsonNode expected) {
        if (value == null) {
            return expected.isNull();
        }
        return JsonValues.same(value, expected)
                || value.isArray() && anyElement(value, e -> JsonValues.same(e, expected));
    }

    /** One $in/$all candidate: plain values by equality, {@code {"$regex":..}} (containsAllStartingWith) as regex. */
    private static boolean elementMatches(JsonNode value, JsonNode candidate) {
        if (candidate.isObject() && candidate.has("$regex")) {
            return regex(value, candidate.path("$regex").asText(), candidate.path("$options").asText(""));
        }
        return equalsOrContains(value, candidate);
    }

    private static boolean anyCompares(JsonNode value, JsonNode bound, IntPredicate test) {
        if (value == null) {
            return bound.isNull() && test.test(0);
        }
        Integer r = JsonValues.compare(value, bound);
        if (r != null && test.test(r)) {
            return true;
        }
        return value.isArray() && anyElement(value, e -> {
            Integer er = JsonValues.compare(e, bound);
            return er != null && test.test(er);
        });
    }

    private static boolean regex(JsonNode value, String pattern, String options) {
        if (value == null) {
            return false;
        }
        Pattern compiled = Regexes.compile(pattern, options);
        if (compiled == null) {
            return false;
        }
        if (value.isTextual()) {
            return Regexes.find(compiled, value.asText());
        }
        return value.isArray() && anyElement(value, e -> e.isTextual() && Regexes.find(compiled, e.asText()));
    }

    /** Geo operators on a GeoPoint field, or on an array of them (MongoDB matches any element). */
    private static boolean anyPoint(JsonNode value, java.util.function.Predicate<double[]> test) {
        if (value == null) {
            return false;
        }
        double[] point = Geo.point(value);
        if (point != null) {
            return test.test(point);
        }
        return value.isArray() && anyElement(value, e -> {
            double[] p = Geo.point(e);
            return p != null && test.test(p);
        });
    }

    private static boolean anyElement(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode element : array) {
            if (test.test(element)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allElements(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode element : array) {
            if (!test.test(element)) {
                return false;
            }
        }
        return true;
    }
}
