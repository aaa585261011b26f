package io.heliobase.server.storage.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import io.heliobase.core.schema.FieldType.Kind;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Converts objects between Parse's REST JSON and Parse Server's MongoDB layout (LAYOUT.md): {@code _id},
 * {@code _created_at}, {@code _p_<field>} pointers, {@code _acl}/{@code _rperm}/{@code _wperm}, BSON dates, GeoPoints
 * as [lng, lat], Polygons as closed GeoJSON, Bytes as binData, Files as their name.
 */
final class MongoCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Parse Server's internal _User fields (LAYOUT.md §5); never sent to clients. */
    static final java.util.Set<String> INTERNAL_USER_FIELDS = java.util.Set.of("_hashed_password",
            "_email_verify_token", "_email_verify_token_expires_at", "_perishable_token",
            "_perishable_token_expires_at", "_password_changed_at", "_password_history", "_failed_login_count",
            "_account_lockout_expires_at", "_tombstone");
    private final UnaryOperator<String> fileUrl;

    MongoCodec(UnaryOperator<String> fileUrl) {
        this.fileUrl = fileUrl;
    }

    // --- REST → BSON ------------------------------------------------------------------------------------------

    Document toDocument(ClassSchema schema, ObjectNode object) {
        Document doc = new Document();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "objectId" -> doc.put("_id", value.asText());
                case "createdAt" -> doc.put("_created_at", Date.from(Json.parseIso(value.asText())));
                case "updatedAt" -> doc.put("_updated_at", Date.from(Json.parseIso(value.asText())));
                case "ACL" -> putAcl(doc, (ObjectNode) value);
                case "sessionToken" -> doc.put("_session_token", value.asText());
                case "authData" -> value.properties().forEach(p -> doc.put("_auth_data_" + p.getKey(),
                        p.getValue().isNull() ? null : interior(p.getValue())));
                default -> {
                    FieldType type = schema.field(key).orElse(null);
                    if (type != null && type.isRelation()) {
                        continue;
                    }
                    if (isPointer(value)) {
                        doc.put("_p_" + key, pointerString(value));
                    } else {
                        doc.put(key, topValue(value, type));
                    }
                }
            }
        }
        return doc;
    }

    static void putAcl(Document doc, ObjectNode acl) {
        Document mongoAcl = new Document();
        List<String> rperm = new ArrayList<>();
        List<String> wperm = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : acl.properties()) {
            Document rights = new Document();
            if (e.getValue().path("read").asBoolean(false)) {
                rights.put("r", true);
                rperm.add(e.getKey());
            }
            if (e.getValue().path("write").asBoolean(false)) {
                rights.put("w", true);
                wperm.add(e.getKey());
            }
            if (!rights.isEmpty()) {
                mongoAcl.put(e.getKey(), rights);
            }
        }
        doc.put("_rperm", rperm);
        doc.put("_wperm", wperm);
        doc.put("_acl", mongoAcl);
    }

    /** A value stored directly in a top-level field (pointers are handled by the caller). */
    Object topValue(JsonNode value, FieldType type) {
        if (value.isObject() && value.has("__type")) {
            return switch (value.path("__type").asText()) {
                case "Date" -> Date.from(Json.parseIso(value.path("iso").asText()));
                case "Bytes" -> new Binary(Base64.getDecoder().decode(value.path("base64").asText()));
                case "File" -> value.path("name").asText();
                case "GeoPoint" -> List.of(value.path("longitude").asDouble(), value.path("latitude").asDouble());
                case "Polygon" -> polygon(value);
                default -> interior(value);
            };
        }
        return interior(value);
    }

    /** Values inside objects and arrays: dates become BSON dates; pointers and other typed values keep their JSON. */
    Object interior(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return number(value);
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>(value.size());
            value.forEach(item -> list.add(interior(item)));
            return list;
        }
        if (value.isObject() && "Date".equals(value.path("__type").asText()) && value.path("iso").isTextual()) {
            return Date.from(Json.parseIso(value.path("iso").asText()));
        }
        if (isPointer(value)) {
            return new Document("__type", "Pointer").append("className", value.path("className").asText())
                    .append("objectId", value.path("objectId").asText());
        }
        Document doc = new Document();
        value.properties().forEach(e -> doc.put(e.getKey(), interior(e.getValue())));
        return doc;
    }

    static Object number(JsonNode value) {
        if (value.isInt()) {
            return value.intValue();
        }
        if (value.isLong()) {
            return value.longValue();
        }
        if (value.isIntegralNumber()) {
            return value.doubleValue();
        }
        return value.doubleValue();
    }

    private static Document polygon(JsonNode value) {
        List<List<Double>> ring = new ArrayList<>();
        for (JsonNode pair : value.path("coordinates")) {
            ring.add(List.of(pair.get(1).asDouble(), pair.get(0).asDouble()));
        }
        if (!ring.getFirst().equals(ring.getLast())) {
            ring.add(ring.getFirst());
        }
        return new Document("type", "Polygon").append("coordinates", List.of(ring));
    }

    static boolean isPointer(JsonNode value) {
        return value != null && value.isObject()
                && ("Pointer".equals(value.path("__type").asText()) || "Object".equals(value.path("__type").asText()))
                && value.path("className").isTextual() && value.path("objectId").isTextual();
    }

    static String pointerString(JsonNode pointer) {
        return pointer.path("className").asText() + "$" + pointer.path("objectId").asText();
    }

    // --- BSON → REST ------------------------------------------------------------------------------------------

    ObjectNode toObject(ClassSchema schema, Document doc) {
        ObjectNode object = Json.object();
        Object id = doc.get("_id");
        if (id != null) {
            object.put("objectId", id.toString());
        }
        if (doc.get("_created_at") instanceof Date d) {
            object.put("createdAt", Json.iso(d.toInstant()));
        }
        if (doc.get("_updated_at") instanceof Date d) {
            object.put("updatedAt", Json.iso(d.toInstant()));
        }
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (key.startsWith("_p_")) {
                String field = key.substring(3);
                if (value instanceof String s && s.indexOf('$') > 0) {
                    object.set(field, pointerJson(s));
                } else if (value == null) {
                    object.putNull(field);
                }
            } else if (key.equals("_session_token")) {
                object.set("sessionToken", generic(value));
            } else if (key.equals("_acl") && value instanceof Document acl) {
                object.set("ACL", aclJson(acl));
            } else if (key.startsWith("_auth_data_")) {
                if (value != null) {
                    object.withObject("authData").set(key.substring("_auth_data_".length()), generic(value));
                }
            } else if (INTERNAL_USER_FIELDS.contains(key)) {
                // kept under their stored names for the identity rules; AccessPolicy.redact strips them from every response
                object.set(key, generic(value));
            } else if (!key.startsWith("_")) {
                object.set(key, restValue(value, schema.field(key).orElse(null)));
            }
        }
        if (!object.has("ACL") && doc.containsKey("_rperm") && !doc.containsKey("_acl")) {
            object.set("ACL", aclFromPerms(doc));
        }
        schema.fields().forEach((name, type) -> {
            if (type.isRelation()) {
                object.set(name, Json.object().put("__type", "Relation").put("className", type.targetClass()));
            }
        });
        return object;
    }

    static ObjectNode pointerJson(String classAndId) {
        int dollar = classAndId.indexOf('$');
        return Json.object().put("__type", "Pointer").put("className", classAndId.substring(0, dollar))
                .put("objectId", classAndId.substring(dollar + 1));
    }

    private static ObjectNode aclJson(Document acl) {
        ObjectNode json = Json.object();
        acl.forEach((entry, rights) -> {
            if (rights instanceof Document r) {
                ObjectNode node = Json.object();
                if (Boolean.TRUE.equals(r.get("r"))) {
                    node.put("read", true);
                }
                if (Boolean.TRUE.equals(r.get("w"))) {
                    node.put("write", true);
                }
                json.set(entry, node);
            }
        });
        return json;
    }

    private static ObjectNode aclFromPerms(Document doc) {
        ObjectNode json = Json.object();
        for (Object e : doc.getList("_rperm", Object.class, List.of())) {
            json.withObject(e.toString()).put("read", true);
        }
        for (Object e : doc.getList("_wperm", Object.class, List.of())) {
            json.withObject(e.toString()).put("write", true);
        }
        return json;
    }

    JsonNode restValue(Object value, FieldType type) {
        Kind kind = type == null ? null : type.kind();
        if (kind == Kind.FILE && value instanceof String name) {
            return Json.object().put("__type", "File").put("name", name).put("url", fileUrl.apply(name));
        }
        if (kind == Kind.GEOPOINT && value instanceof List<?> pair && pair.size() == 2) {
            return Json.object().put("__type", "GeoPoint")
                    .put("latitude", ((Number) pair.get(1)).doubleValue())
                    .put("longitude", ((Number) pair.get(0)).doubleValue());
        }
        if (kind == Kind.POLYGON && value instanceof Document geo && geo.get("coordinates") instanceof List<?> rings
                && !rings.isEmpty() && rings.getFirst() instanceof List<?> ring) {
            ArrayNode coords = Json.array();
            for (Object point : ring) {
                List<?> p = (List<?>) point;
                coords.add(Json.array().add(((Number) p.get(1)).doubleValue()).add(((Number) p.get(0)).doubleValue()));
            }
            return Json.object().put("__type", "Polygon").set("coordinates", coords);
        }
        return generic(value);
    }

    /** Decodes any BSON value without schema help: nested dates and binaries become Parse typed JSON. */
    static JsonNode generic(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Double d -> NODES.numberNode(d);
            case Decimal128 d -> NODES.numberNode(d.bigDecimalValue());
            case Number n -> NODES.numberNode(n.doubleValue());
            case Date d -> Json.object().put("__type", "Date").put("iso", Json.iso(d.toInstant()));
            case Binary b -> Json.object().put("__type", "Bytes").put("base64",
                    Base64.getEncoder().encodeToString(b.getData()));
            case ObjectId oid -> NODES.textNode(oid.toHexString());
            case List<?> list -> {
                ArrayNode array = Json.array();
                list.forEach(item -> array.add(generic(item)));
                yield array;
            }
            case Map<?, ?> map -> {
                ObjectNode object = Json.object();
                map.forEach((k, v) -> object.set(k.toString(), generic(v)));
                yield object;
            }
            default -> throw new ParseException(ParseErrorCode.INTERNAL_SERVER_ERROR,
                    "unsupported stored value type " + value.getClass().getSimpleName());
        };
    }
}
