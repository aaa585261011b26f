package io.heliobase.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One operator applied to one field; values stay in Parse's REST JSON encoding. */
public sealed interface Constraint {

    enum Comparison { EQ, NE, LT, LTE, GT, GTE }

    record Compare(Comparison op, JsonNode value) implements Constraint {
    }

    record In(List<JsonNode> values, boolean negated) implements Constraint {
        public In {
            values = List.copyOf(values);
        }
    }

    record ContainsAll(List<JsonNode> values) implements Constraint {
        public ContainsAll {
            values = List.copyOf(values);
        }
    }

    /** Every element of the (array) field is one of {@code values}. */
    record ContainedBy(List<JsonNode> values) implements Constraint {
        public ContainedBy {
            values = List.copyOf(values);
        }
    }

    record Exists(boolean exists) implements Constraint {
    }

    record Regex(String pattern, String options) implements Constraint {
    }

    /** Pointer field points (or, negated, does not point) at an object matching the subquery. */
    record InQuery(String className, Predicate where, boolean negated) implements Constraint {
    }

    /** Field value is (not) among the values of {@code key} in objects matching the subquery. */
    record Select(String className, Predicate where, String key, boolean negated) implements Constraint {
    }

    record Text(String term, String language, Boolean caseSensitive, Boolean diacriticSensitive)
            implements Constraint {
    }

    record NearSphere(double latitude, double longitude, Double maxDistanceRadians) implements Constraint {
    }

    record WithinBox(double swLatitude, double swLongitude, double neLatitude, double neLongitude)
            implements Constraint {
    }

    /** Points inside a polygon given as [latitude, longitude] pairs. */
    record WithinPolygon(List<double[]> points) implements Constraint {
        public WithinPolygon {
            points = List.copyOf(points);
        }
    }

    record WithinCenterSphere(double latitude, double longitude, double radians) implements Constraint {
    }

    record IntersectsPoint(double latitude, double longitude) implements Constraint {
    }
}
