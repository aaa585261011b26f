package io.heliobase.server.storage.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Builds the one MongoDB update document for a Parse update, as Parse Server's transformUpdate. */
final class MongoUpdates {
    private final MongoCodec codec;

    MongoUpdates(MongoCodec codec) {
        this.codec = codec;
    }

    Document update(ClassSchema schema, Map<String, FieldOp> ops, ObjectNode acl, String updatedAt) {
        Document set = new Document("_updated_at", Date.from(Json.parseIso(updatedAt)));
        Document unset = new Document();
        Document inc = new Document();
        Document push = new Document();
        Document addToSet = new Document();
        Document pullAll = new Document();
        ops.forEach((field, op) -> {
            FieldType type = schema.field(field).orElse(null);
            boolean pointer = !field.contains(".") && (type != null && type.isPointer()
                    || op instanceof FieldOp.Set s && MongoCodec.isPointer(s.value()));
            String key = pointer ? "_p_" + field : field;
            if (field.equals("authData") && op instanceof FieldOp.Set s && s.value().isObject()) {
                // Parse keeps each provider in its own top-level field, _auth_data_<provider>
                s.value().properties().forEach(p -> {
                    if (p.getValue().isNull()) {
                        unset.put("_auth_data_" + p.getKey(), "");
                    } else {
                        set.put("_auth_data_" + p.getKey(), codec.interior(p.getValue()));
                    }
                });
                return;
            }
            switch (op) {
                case FieldOp.Set s -> set.put(key, pointer && MongoCodec.isPointer(s.value())
                        ? MongoCodec.pointerString(s.value())
                        : field.contains(".") ? codec.interior(s.value()) : codec.topValue(s.value(), type));
                case FieldOp.Delete d -> unset.put(key, "");
                case FieldOp.Increment i -> inc.put(key, MongoCodec.number(i.amount()));
                case FieldOp.Add a -> push.put(key, new Document("$each", interior(a.objects())));
                case FieldOp.AddUnique a -> addToSet.put(key, new Document("$each", interior(a.objects())));
                case FieldOp.Remove r -> pullAll.put(key, interior(r.objects()));
                case FieldOp.Relation r -> {
                    // relations live in _Join collections, written separately
                }
            }
        });
        Document update = new Document();
        if (acl != null) {
            Document aclFields = new Document();
            MongoCodec.putAcl(aclFields, acl);
            set.putAll(aclFields);
        }
        update.put("$set", set);
        putIfNotEmpty(update, "$unset", unset);
        putIfNotEmpty(update, "$inc", inc);
        putIfNotEmpty(update, "$push", push);
        putIfNotEmpty(update, "$addToSet", addToSet);
        putIfNotEmpty(update, "$pullAll", pullAll);
        return update;
    }

    private List<Object> interior(List<JsonNode> values) {
        List<Object> list = new ArrayList<>(values.size());
        values.forEach(v -> list.add(codec.interior(v)));
        return list;
    }

    private static void putIfNotEmpty(Document update, String op, Document fields) {
        if (!fields.isEmpty()) {
            update.put(op, fields);
        }
    }
}
