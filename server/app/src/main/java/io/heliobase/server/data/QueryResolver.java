package io.heliobase.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Constraint.Comparison;
import io.heliobase.core.query.FindOptions;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import io.heliobase.core.storage.StorageAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the parts of a where-tree that need other reads: subqueries ($inQuery, $select) run with the caller's
 * own rights, and relation constraints become objectId lists from the _Join collections.
 */
final class QueryResolver {
    private final DataService data;
    private final StorageAdapter storage;
    private final int subqueryLimit;

    QueryResolver(DataService data, StorageAdapter storage, int subqueryLimit) {
        this.data = data;
        this.storage = storage;
        this.subqueryLimit = subqueryLimit;
    }

    Predicate resolve(Caller caller, ClassSchema schema, Predicate predicate) {
        return switch (predicate) {
            case Predicate.All a -> a;
            case Predicate.And and -> new Predicate.And(resolveAll(caller, schema, and.parts()));
            case Predicate.Or or -> new Predicate.Or(resolveAll(caller, schema, or.parts()));
            case Predicate.Nor nor -> new Predicate.Nor(resolveAll(caller, schema, nor.parts()));
            case Predicate.RelatedTo r -> relatedTo(r);
            case Predicate.Field f -> field(caller, schema, f);
        };
    }

    private List<Predicate> resolveAll(Caller caller, ClassSchema schema, List<Predicate> parts) {
        List<Predicate> resolved = new ArrayList<>(parts.size());
        parts.forEach(p -> resolved.add(resolve(caller, schema, p)));
        return resolved;
    }

    private Predicate relatedTo(Predicate.RelatedTo r) {
        String owningClass = r.owner().path("className").asText();
        List<String> ids = storage.relatedIds(r.key(), owningClass, r.owner().path("objectId").asText());
        return objectIdIn(ids, false);
    }

    private Predicate field(Caller caller, ClassSchema schema, Predicate.Field f) {
        FieldType type = schema.field(f.path()).orElse(null);
        if (type != null && type.isRelation()) {
            return relationField(schema, f);
        }
        return switch (f.constraint()) {
            case Constraint.InQuery q -> {
                List<JsonNode> pointers = new ArrayList<>();
                for (JsonNode object : subquery(caller, q.className(), q.where())) {
                    pointers.add(Json.object().put("__type", "Pointer").put("className", q.className())
                            .put("objectId", object.path("objectId").asText()));
                }
                yield new Predicate.Field(f.path(), new Constraint.In(pointers, q.negated()));
            }
            case Constraint.Select s -> {
                List<JsonNode> values = new ArrayList<>();
                for (JsonNode object : subquery(caller, s.className(), s.where())) {
                    JsonNode value = object.path(s.key());
                    if (!value.isMissingNode()) {
                        values.add(value);
                    }
                }
                yield new Predicate.Field(f.path(), new Constraint.In(values, s.negated()));
            }
            default -> f;
        };
    }

    /** {@code {"rel": pointer}} on a Relation field: the objects whose relation contains that pointer. */
    private Predicate relationField(ClassSchema schema, Predicate.Field f) {
        List<String> related = new ArrayList<>();
        boolean negated = false;
        switch (f.constraint()) {
            case Constraint.Compare c when c.op() == Comparison.EQ || c.op() == Comparison.NE -> {
                related.add(c.value().path("objectId").asText());
                negated = c.op() == Comparison.NE;
            }
            case Constraint.In in -> {
                in.values().forEach(v -> related.add(v.path("objectId").asText()));
                negated = in.negated();
            }
            default -> throw io.heliobase.core.error.ParseException.invalidQuery(
                    "unsupported constraint on relation field " + f.path());
        }
        return objectIdIn(storage.owningIds(f.path(), schema.className(), related), negated);
    }

    private static Predicate objectIdIn(List<String> ids, boolean negated) {
        List<JsonNode> values = new ArrayList<>(ids.size());
        ids.forEach(id -> values.add(Json.mapper().getNodeFactory().textNode(id)));
        return new Predicate.Field("objectId", new Constraint.In(values, negated));
    }

    private List<JsonNode> subquery(Caller caller, String className, Predicate where) {
        FindOptions options = new FindOptions(subqueryLimit, 0, List.of(), null, java.util.Set.of(), List.of(),
                false, false, null, false);
        return List.copyOf(data.findResolved(caller, className, where, options));
    }
}
