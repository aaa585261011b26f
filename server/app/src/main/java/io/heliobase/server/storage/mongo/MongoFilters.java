package io.heliobase.server.storage.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.FindOptions.SortKey;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** Translates a parsed where-tree into a MongoDB filter over Parse's storage layout. */
final class MongoFilters {
    private final MongoCodec codec;
    private final boolean textAndGeo;

    MongoFilters(MongoCodec codec, boolean textAndGeo) {
        this.codec = codec;
        this.textAndGeo = textAndGeo;
    }

    Document filter(ClassSchema schema, Predicate predicate) {
        return switch (predicate) {
            case Predicate.All a -> new Document();
            case Predicate.And and -> new Document("$and", parts(schema, and.parts()));
            case Predicate.Or or -> new Document("$or", parts(schema, or.parts()));
            case Predicate.Nor nor -> new Document("$nor", parts(schema, nor.parts()));
            case Predicate.Field field -> field(schema, field);
            case Predicate.RelatedTo r -> throw new IllegalStateException("$relatedTo must be resolved before storage");
        };
    }

    private List<Document> parts(ClassSchema schema, List<Predicate> parts) {
        List<Document> docs = new ArrayList<>(parts.size());
        parts.forEach(p -> docs.add(filter(schema, p)));
        return docs;
    }

    /** The stored name of a queried path: objectId → _id, a pointer field → _p_field, ... */
    static String storedKey(ClassSchema schema, String path) {
        return switch (path) {
            case "objectId" -> "_id";
            case "createdAt" -> "_created_at";
            case "updatedAt" -> "_updated_at";
            case "sessionToken" -> "_session_token";
            default -> {
                if (path.startsWith("authData.")) {
                    yield "_auth_data_" + path.substring("authData.".length());
                }
                FieldType type = schema.field(path).orElse(null);
                yield type != null && type.isPointer() ? "_p_" + path : path;
            }
        };
    }

    private Document field(ClassSchema schema, Predicate.Field field) {
        String path = field.path();
        FieldType type = schema.field(path).orElse(null);
        boolean pointerField = type != null && type.isPointer() || isPointerConstraint(field.constraint());
        String key = pointerField && !path.contains(".") && type == null ? "_p_" + path : storedKey(schema, path);
        boolean topPointer = key.startsWith("_p_");
        return switch (field.constraint()) {
            case Constraint.Compare c -> switch (c.op()) {
                case EQ -> new Document(key, value(c.value(), topPointer));
                case NE -> op(key, "$ne", value(c.value(), topPointer));
                case LT -> op(key, "$lt", value(c.value(), topPointer));
                case LTE -> op(key, "$lte", value(c.value(), topPointer));
                case GT -> op(key, "$gt", value(c.value(), topPointer));
                case GTE -> op(key, "$gte", value(c.value(), topPointer));
            };
            case Constraint.In in -> op(key, in.negated() ? "$nin" : "$in", values(in.values(), topPointer));
            case Constraint.ContainsAll all -> op(key, "$all", values(all.values(), topPointer));
            case Constraint.ContainedBy by -> new Document(key,
                    new Document("$not", new Document("$elemMatch", new Document("$nin", values(by.values(), false)))));
            case Constraint.Exists e -> op(key, "$exists", e.exists());
            case Constraint.Regex r -> new Document(key, new Document("$regex", r.pattern()).append("$options", r.options()));
            case Constraint.InQuery q -> throw new IllegalStateException("$inQuery must be resolved before storage");
            case Constraint.Select s -> throw new IllegalStateException("$select must be resolved before storage");
            case Constraint.Text t -> text(t);
            case Constraint.NearSphere n -> geo(key, new Document("$nearSphere", List.of(n.longitude(), n.latitude())))
                    .appendMax(n.maxDistanceRadians());
            case Constraint.WithinBox b -> geoDoc(key, new Document("$geoWithin", new Document("$box",
                    List.of(List.of(b.swLongitude(), b.swLatitude()), List.of(b.neLongitude(), b.neLatitude())))));
            case Constraint.WithinPolygon p -> geoDoc(key, new Document("$geoWithin",
                    new Document("$polygon", p.points().stream().map(pt -> List.of(pt[1], pt[0])).toList())));
            case Constraint.WithinCenterSphere c -> geoDoc(key, new Document("$geoWithin", new Document("$centerSphere",
                    List.of(List.of(c.longitude(), c.latitude()), c.radians()))));
            case Constraint.IntersectsPoint p -> geoDoc(key, new Document("$geoIntersects", new Document("$geometry",
                    new Document("type", "Point").append("coordinates", List.of(p.longitude(), p.latitude())))));
        };
    }

    private static boolean isPointerConstraint(Constraint c) {
        return c instanceof Constraint.Compare cmp && MongoCodec.isPointer(cmp.value())
                || c instanceof Constraint.In in && !in.values().isEmpty() && MongoCodec.isPointer(in.values().getFirst());
    }

    private static Document op(String key, String op, Object value) {
        return new Document(key, new Document(op, value));
    }

    private Object value(JsonNode value, boolean topPointer) {
        if (topPointer && MongoCodec.isPointer(value)) {
            return MongoCodec.pointerString(value);
        }
        return codec.interior(value);
    }

    private List<Object> values(List<JsonNode> values, boolean topPointer) {
        List<Object> list = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            if (v.isObject() && v.has("$regex")) {
                list.add(java.util.regex.Pattern.compile(v.path("$regex").asText()));
            } else {
                list.add(value(v, topPointer));
            }
        }
        return list;
    }

    private Document text(Constraint.Text t) {
        requireTextAndGeo("$text");
        Document search = new Document("$search", t.term());
        if (t.language() != null) {
            search.append("$language", t.language());
        }
        if (t.caseSensitive() != null) {
            search.append("$caseSensitive", t.caseSensitive());
        }
        if (t.diacriticSensitive() != null) {
            search.append("$diacriticSensitive", t.diacriticSensitive());
        }
        return new Document("$text", search);
    }

    private GeoDocument geo(String key, Document op) {
        requireTextAndGeo("geo queries");
        return new GeoDocument(key, op);
    }

    private Document geoDoc(String key, Document op) {
        requireTextAndGeo("geo queries");
        return new Document(key, op);
    }

    private void requireTextAndGeo(String what) {
        if (!textAndGeo) {
            throw ParseException.invalidQuery("The embedded store does not support " + what
                    + "; set HELIOBASE_DATABASE_URI to a MongoDB server to use them.");
        }
    }

    /** $nearSphere with an optional $maxDistance in radians, as Parse sends it to MongoDB. */
    private record GeoDocument(String key, Document op) {
        Document appendMax(Double radians) {
            if (radians != null) {
                op.append("$maxDistance", radians);
            }
            return new Document(key, op);
        }
    }

    /** The field a $text constraint searches, or null when the query has none. */
    static String textField(Predicate predicate) {
        return switch (predicate) {
            case Predicate.Field f -> f.constraint() instanceof Constraint.Text ? f.path() : null;
            case Predicate.And and -> firstTextField(and.parts());
            case Predicate.Or or -> firstTextField(or.parts());
            case Predicate.Nor nor -> firstTextField(nor.parts());
            case Predicate.All a -> null;
            case Predicate.RelatedTo r -> null;
        };
    }

    private static String firstTextField(List<Predicate> parts) {
        return parts.stream().map(MongoFilters::textField).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    static Document sort(ClassSchema schema, List<SortKey> order) {
        Document sort = new Document();
        for (SortKey k : order) {
            if (k.field().equals("$score")) {
                sort.put("score", new Document("$meta", "textScore"));
            } else {
                sort.put(storedKey(schema, k.field()), k.ascending() ? 1 : -1);
            }
        }
        return sort;
    }
}
