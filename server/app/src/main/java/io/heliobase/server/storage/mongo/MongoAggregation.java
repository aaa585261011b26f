package io.heliobase.server.storage.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.QueryLimits;
import io.heliobase.core.query.WhereParser;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Translates a Parse aggregate pipeline into MongoDB stages: Parse field names become stored names
 * ({@code $objectId} → {@code $_id}, pointers → {@code $_p_field}), {@code $match} goes through the where parser, and
 * stages that write or run server-side JavaScript are refused.
 */
final class MongoAggregation {
    private static final Set<String> STAGES = Set.of("$match", "$group", "$project", "$sort", "$limit", "$skip",
            "$count", "$unwind", "$sample", "$sortByCount", "$addFields", "$set", "$unset", "$facet", "$bucket",
            "$replaceRoot", "$lookup", "$geoNear");
    private static final Set<String> FORBIDDEN = Set.of("$where", "$function", "$accumulator", "$out", "$merge");

    private final MongoFilters filters;
    private final ClassSchema schema;

    MongoAggregation(MongoFilters filters, ClassSchema schema) {
        this.filters = filters;
        this.schema = schema;
    }

    List<Document> stages(JsonNode pipeline) {
        List<JsonNode> stageNodes = new ArrayList<>();
        if (pipeline.isArray()) {
            pipeline.forEach(stageNodes::add);
        } else if (pipeline.isObject()) {
            pipeline.properties().forEach(e -> stageNodes.add(Json.object().set(e.getKey(), e.getValue())));
        } else {
            throw ParseException.invalidQuery("pipeline must be an array or an object");
        }
        List<Document> stages = new ArrayList<>();
        for (JsonNode stage : stageNodes) {
            if (!stage.isObject() || stage.size() != 1) {
                throw ParseException.invalidQuery("each pipeline stage must be an object with one operator");
            }
            Map.Entry<String, JsonNode> only = stage.properties().iterator().next();
            String op = only.getKey();
            if (!STAGES.contains(op)) {
                throw ParseException.invalidQuery("Invalid aggregate stage '" + op + "'.");
            }
            forbidScripts(only.getValue());
            stages.add(new Document(op, stage(op, only.getValue())));
        }
        return stages;
    }

    private Object stage(String op, JsonNode body) {
        if (op.equals("$match")) {
            return filters.filter(schema, new WhereParser(QueryLimits.DEFAULTS, true).parse(body));
        }
        if (op.equals("$group") && body.has("objectId")) {
            throw ParseException.invalidQuery("Cannot use 'objectId' in aggregation stage $group.");
        }
        return Document.parse("{\"v\":" + Json.text(rename(body, op.equals("$sort") || op.equals("$project"))) + "}")
                .get("v");
    }

    /** Renames Parse field references ("$createdAt", keys in $sort/$project) to their stored names. */
    private JsonNode rename(JsonNode node, boolean renameKeys) {
        if (node.isTextual() && node.asText().startsWith("$") && !node.asText().startsWith("$$")) {
            String path = node.asText().substring(1);
            return Json.mapper().getNodeFactory().textNode("$" + stored(path));
        }
        if (node.isArray()) {
            var array = Json.array();
            node.forEach(item -> array.add(rename(item, false)));
            return array;
        }
        if (node.isObject()) {
            ObjectNode copy = Json.object();
            node.properties().forEach(e -> copy.set(renameKeys ? stored(e.getKey()) : e.getKey(), rename(e.getValue(), false)));
            return copy;
        }
        return node;
    }

    private String stored(String path) {
        int dot = path.indexOf('.');
        String root = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? "" : path.substring(dot);
        FieldType type = schema.field(root).orElse(null);
        return switch (root) {
            case "objectId" -> "_id" + rest;
            case "createdAt" -> "_created_at" + rest;
            case "updatedAt" -> "_updated_at" + rest;
            default -> type != null && type.isPointer() && rest.isEmpty() ? "_p_" + root : path;
        };
    }

    private static void forbidScripts(JsonNode node) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (FORBIDDEN.contains(e.getKey())) {
                    throw ParseException.invalidQuery(e.getKey() + " is not allowed in an aggregate pipeline");
                }
                forbidScripts(e.getValue());
            });
        } else if (node.isArray()) {
            node.forEach(MongoAggregation::forbidScripts);
        }
    }

    /** One result row in Parse's shape: {@code _id} becomes {@code objectId}, stored names become Parse names. */
    static JsonNode result(MongoCodec codec, ClassSchema schema, Document doc) {
        Object id = doc.get("_id");
        if (id == null || id instanceof String || id instanceof Number) {
            ObjectNode object = codec.toObject(schema, doc);
            if (doc.containsKey("_id")) {
                if (id == null) {
                    object.putNull("objectId");
                } else if (id instanceof String s && s.indexOf('$') > 0 && !s.startsWith("$")) {
                    object.put("objectId", s.substring(s.indexOf('$') + 1));
                } else {
                    object.set("objectId", MongoCodec.generic(id));
                }
            }
            return object;
        }
        ObjectNode object = (ObjectNode) MongoCodec.generic(doc);
        object.set("objectId", object.remove("_id"));
        return object;
    }
}
