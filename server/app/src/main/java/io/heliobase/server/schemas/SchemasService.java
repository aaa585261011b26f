package io.heliobase.server.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.acl.ClassPermissions;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.pii.PiiPolicy;
import io.heliobase.core.object.Values;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import io.heliobase.core.schema.Names;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.server.data.SchemaCache;
import io.heliobase.server.http.MasterKeyRequired;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import io.heliobase.server.audit.AuditLog;
import io.heliobase.server.privacy.ForgetRule;
import io.heliobase.server.privacy.PiiPolicies;
import io.heliobase.server.privacy.RetentionRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /schemas} and {@code /purge}: class creation, fields, CLPs and indexes, master key only. */
public final class SchemasService implements ParseRouter.Routes {
    private final StorageAdapter storage;
    private final SchemaCache schemas;

    private final PiiPolicies pii;

    private final AuditLog audit;

    public SchemasService(StorageAdapter storage, SchemaCache schemas, PiiPolicies pii, AuditLog audit) {
        this.pii = pii;
        this.audit = audit;
        this.storage = storage;
        this.schemas = schemas;
    }

    @Override
    public void routes(ParseRouter router) {
        router.get("/schemas", this::list)
                .get("/schemas/{className}", this::get)
                .post("/schemas", this::create)
                .post("/schemas/{className}", this::create)
                .put("/schemas/{className}", this::update)
                .delete("/schemas/{className}", this::drop)
                .delete("/purge/{className}", this::purge);
    }

    private ParseResponse list(ParseRequest req) {
        MasterKeyRequired.forRead(req.caller());
        ArrayNode results = Json.array();
        schemas.all().values().stream().sorted((a, b) -> a.className().compareTo(b.className()))
                .forEach(s -> results.add(json(s)));
        return ParseResponse.ok(Json.object().set("results", results));
    }

    private ParseResponse get(ParseRequest req) {
        MasterKeyRequired.forRead(req.caller());
        return ParseResponse.ok(json(existing(req.param("className"))));
    }

    private ObjectNode json(ClassSchema schema) {
        return SchemaJson.toJson(schema, storage.listIndexes(schema.className()));
    }

    private ClassSchema existing(String className) {
        return schemas.reload(className).orElseThrow(() -> new ParseException(ParseErrorCode.INVALID_CLASS_NAME,
                "Class " + className + " does not exist."));
    }

    private ParseResponse create(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "create a schema");
        JsonNode body = req.body();
        String className = req.param("className") != null ? req.param("className") : body.path("className").asText("");
        if (body.has("className") && !body.path("className").asText().equals(className)) {
            throw new ParseException(ParseErrorCode.INVALID_CLASS_NAME, "Class name mismatch between "
                    + body.path("className").asText() + " and " + className + ".");
        }
        if (className.isEmpty()) {
            throw new ParseException(ParseErrorCode.MISSING_REQUIRED_FIELD, "POST /schemas needs a class name.");
        }
        Names.requireValidClassName(className);
        if (schemas.reload(className).isPresent()) {
            throw new ParseException(ParseErrorCode.INVALID_CLASS_NAME, "Class " + className + " already exists.");
        }
        Map<String, FieldType> fields = new LinkedHashMap<>(SystemClasses.defaultFields(className));
        ObjectNode options = Json.object();
        readFields(className, body.path("fields"), fields, options, true);
        readPiiPolicies(body.path("piiPolicies"), fields, options);
        readPrivacyRule(className, body.path("privacy"), fields, options);
        readRetentionRule(className, body.path("retention"), fields, options);
        ObjectNode clp = body.has("classLevelPermissions")
                ? ClassPermissions.validate(body.get("classLevelPermissions")) : null;
        ObjectNode indexes = readIndexes(body.path("indexes"), fields);
        ClassSchema schema = new ClassSchema(className, fields, clp, indexes, options);
        if (!storage.createClass(schema)) {
            throw new ParseException(ParseErrorCode.INVALID_CLASS_NAME, "Class " + className + " already exists.");
        }
        indexes.properties().forEach(e -> storage.createIndex(className, e.getKey(), (ObjectNode) e.getValue()));
        audited(req, "schema.create", className, body);
        return ParseResponse.ok(json(schemas.reload(className).orElseThrow()));
    }

    private ParseResponse update(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "update a schema");
        String className = req.param("className");
        JsonNode body = req.body();
        if (body.has("className") && !body.path("className").asText().equals(className)) {
            throw new ParseException(ParseErrorCode.INVALID_CLASS_NAME, "Class name mismatch between "
                    + body.path("className").asText() + " and " + className + ".");
        }
        ClassSchema schema = existing(className);
        Map<String, FieldType> fields = new LinkedHashMap<>(schema.fields());
        ObjectNode options = schema.fieldOptions().deepCopy();
        List<String> deleted = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : body.path("fields").properties()) {
            if ("Delete".equals(e.getValue().path("__op").asText())) {
                if (!fields.containsKey(e.getKey())) {
                    throw new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION,
                            "Field " + e.getKey() + " does not exist, cannot delete.");
                }
                deleted.add(e.getKey());
            } else if (fields.containsKey(e.getKey())) {
                throw new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION,
                        "Field " + e.getKey() + " exists, cannot update.");
            }
        }
        ObjectNode added = Json.object();
        body.path("fields").properties().forEach(e -> {
            if (!"Delete".equals(e.getValue().path("__op").asText())) {
                added.set(e.getKey(), e.getValue());
            }
        });
        readFields(className, added, fields, options, false);
        ObjectNode clp = body.has("classLevelPermissions")
                ? ClassPermissions.validate(body.get("classLevelPermissions")) : schema.classLevelPermissions();
        ObjectNode indexes = schema.indexes().deepCopy();
        List<String> dropIndexes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : body.path("indexes").properties()) {
            if ("Delete".equals(e.getValue().path("__op").asText())) {
                if (!indexes.has(e.getKey()) && !storage.listIndexes(className).containsKey(e.getKey())) {
                    throw new ParseException(ParseErrorCode.INVALID_QUERY,
                            "Index " + e.getKey() + " does not exist, cannot delete.");
                }
                indexes.remove(e.getKey());
                dropIndexes.add(e.getKey());
            }
        }
        ObjectNode newIndexes = Json.object();
        body.path("indexes").properties().forEach(e -> {
            if (!"Delete".equals(e.getValue().path("__op").asText())) {
                newIndexes.set(e.getKey(), e.getValue());
            }
        });
        ObjectNode checkedNew = readIndexes(newIndexes, fields);
        checkedNew.properties().forEach(e -> {
            if (indexes.has(e.getKey())) {
                throw new ParseException(ParseErrorCode.INVALID_QUERY, "Index " + e.getKey() + " exists, cannot update.");
            }
            indexes.set(e.getKey(), e.getValue());
        });
        deleted.forEach(options::remove);
        Map<String, FieldType> kept = new LinkedHashMap<>(fields);
        deleted.forEach(kept::remove);
        readPiiPolicies(body.path("piiPolicies"), kept, options);
        readPrivacyRule(className, body.path("privacy"), kept, options);
        readRetentionRule(className, body.path("retention"), kept, options);
        // Everything is validated: now write.
        Map<String, FieldType> oldTypes = schema.fields();
        if (!deleted.isEmpty()) {
            storage.deleteFields(className, deleted, oldTypes);
            deleted.forEach(fields::remove);
        }
        fields.forEach((name, type) -> {
            if (!oldTypes.containsKey(name)) {
                storage.addField(className, name, type);
            }
        });
        dropIndexes.forEach(name -> storage.dropIndex(className, name));
        checkedNew.properties().forEach(e -> storage.createIndex(className, e.getKey(), (ObjectNode) e.getValue()));
        storage.updateClassMetadata(new ClassSchema(className, fields, clp, indexes, options));
        audited(req, "schema.update", className, body);
        return ParseResponse.ok(json(schemas.reload(className).orElseThrow()));
    }

    /**
     * Schema changes are audited by what they touched — which fields, whether permissions, PII policies, privacy or
     * retention rules or indexes changed — not by their values.
     */
    private void audited(ParseRequest req, String action, String className, JsonNode body) {
        ObjectNode detail = Json.object();
        var fields = detail.putArray("fields");
        body.path("fields").fieldNames().forEachRemaining(fields::add);
        var touched = detail.putArray("changed");
        for (String key : new String[] {"classLevelPermissions", "indexes", "piiPolicies", "privacy", "retention"}) {
            if (body.has(key)) {
                touched.add(key);
            }
        }
        audit.record(req.caller(), action, Json.object().put("targetClass", className).set("detail", detail));
    }

    /** Neither purge nor drop reaches the audit log. */
    private static void appendOnly(String className) {
        if (className.equals(SystemClasses.AUDIT)) {
            throw ParseException.forbidden("The audit log is append-only.");
        }
    }

    private ParseResponse drop(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "delete a schema");
        String className = req.param("className");
        Names.requireValidClassName(className);
        appendOnly(className);
        if (schemas.reload(className).isEmpty()) {
            return ParseResponse.empty();
        }
        long count = storage.countAll(className);
        if (count > 0) {
            throw new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION, "Class " + className
                    + " is not empty, contains " + count + " objects, cannot drop schema.");
        }
        storage.dropClass(className);
        schemas.reload(className);
        audited(req, "schema.delete", className, Json.object());
        return ParseResponse.empty();
    }

    private ParseResponse purge(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "purge a class");
        String className = req.param("className");
        Names.requireValidClassName(className);
        appendOnly(className);
        storage.deleteAll(className);
        audited(req, "class.purge", className, Json.object());
        return ParseResponse.empty();
    }

    private static void readFields(String className, JsonNode json, Map<String, FieldType> fields,
                                   ObjectNode options, boolean creating) {
        if (json.isMissingNode() || json.isNull()) {
            return;
        }
        if (!json.isObject()) {
            throw ParseException.invalidJson("fields must be an object");
        }
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            String name = e.getKey();
            JsonNode spec = e.getValue();
            if (Names.DEFAULT_FIELDS.contains(name)) {
                if (creating) {
                    continue;
                }
                throw new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION, "Field " + name + " exists, cannot update.");
            }
            Names.requireValidFieldName(name);
            if (!spec.isObject() || !spec.path("type").isTextual()) {
                throw new ParseException(ParseErrorCode.INVALID_JSON, "invalid field type for " + name);
            }
            String targetClass = spec.path("targetClass").isTextual() ? spec.path("targetClass").asText() : null;
            FieldType type = FieldType.fromRest(spec.path("type").asText(), targetClass);
            if (type.kind() == FieldType.Kind.ACL) {
                throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "invalid field type: ACL");
            }
            if (targetClass != null) {
                Names.requireValidClassName(targetClass);
            }
            ObjectNode fieldOptions = Json.object();
            if (spec.has("required")) {
                if (!spec.get("required").isBoolean()) {
                    throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "required must be a boolean for " + name);
                }
                fieldOptions.put("required", spec.get("required").booleanValue());
            }
            if (spec.has("defaultValue")) {
                JsonNode value = spec.get("defaultValue");
                FieldType valueType = Values.typeOf(value).orElse(type);
                if (valueType.kind() != type.kind()) {
                    throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "schema mismatch for " + className + "."
                            + name + " default value; expected " + type + " but got " + valueType);
                }
                fieldOptions.set("defaultValue", value);
            }
            fields.put(name, type);
            if (!fieldOptions.isEmpty()) {
                options.set(name, fieldOptions);
            }
        }
    }

    /**
     * {@code "piiPolicies": {"field": {"action": ..., "entities": [...]}, "other": null}}: sets or removes the PII
     * policy of existing fields (kept as the field's {@code pii} option, shown in its schema).
     */
    private void readPiiPolicies(JsonNode json, Map<String, FieldType> fields, ObjectNode options) {
        if (json.isMissingNode() || json.isNull()) {
            return;
        }
        if (!json.isObject()) {
            throw ParseException.invalidJson("piiPolicies must be an object");
        }
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            String field = e.getKey();
            FieldType type = fields.get(field);
            if (type == null) {
                throw new ParseException(ParseErrorCode.INVALID_SCHEMA_OPERATION, "Field " + field
                        + " does not exist, cannot set a PII policy.");
            }
            ObjectNode fieldOptions = options.has(field) ? (ObjectNode) options.get(field) : Json.object();
            JsonNode value = e.getValue();
            if (value.isNull() || "Delete".equals(value.path("__op").asText())) {
                fieldOptions.remove("pii");
            } else {
                PiiPolicy policy = PiiPolicy.parse(field, value);
                pii.check(field, type, policy);
                fieldOptions.set("pii", policy.toJson());
            }
            if (fieldOptions.isEmpty()) {
                options.remove(field);
            } else {
                options.set(field, fieldOptions);
            }
        }
    }

    /** {@code "privacy": {"onForget": ..., "anonymize": [...]}} (null removes it): what erasure does to the class. */
    private static void readPrivacyRule(String className, JsonNode json, Map<String, FieldType> fields,
                                        ObjectNode options) {
        if (!json.isMissingNode()) {
            setClassOption(options, "privacy", json.isNull() ? null
                    : ForgetRule.parse(new ClassSchema(className, fields, null, null, null), json).toJson());
        }
    }

    /** {@code "retention": {"days": N, "field": ..., "where": {...}}} (null removes it): how long objects are kept. */
    private static void readRetentionRule(String className, JsonNode json, Map<String, FieldType> fields,
                                          ObjectNode options) {
        if (!json.isMissingNode()) {
            setClassOption(options, "retention", json.isNull() ? null
                    : RetentionRule.parse(new ClassSchema(className, fields, null, null, null), json).toJson());
        }
    }

    /** Class-wide options live beside the field options, under "*"; null removes one. */
    private static void setClassOption(ObjectNode options, String key, JsonNode value) {
        ObjectNode classOptions = options.has(ForgetRule.CLASS_OPTIONS) ? (ObjectNode) options.get(ForgetRule.CLASS_OPTIONS)
                : Json.object();
        if (value == null) {
            classOptions.remove(key);
        } else {
            classOptions.set(key, value);
        }
        if (classOptions.isEmpty()) {
            options.remove(ForgetRule.CLASS_OPTIONS);
        } else {
            options.set(ForgetRule.CLASS_OPTIONS, classOptions);
        }
    }

    private static ObjectNode readIndexes(JsonNode json, Map<String, FieldType> fields) {
        ObjectNode indexes = Json.object();
        if (json.isMissingNode() || json.isNull()) {
            return indexes;
        }
        if (!json.isObject()) {
            throw ParseException.invalidJson("indexes must be an object");
        }
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            JsonNode spec = e.getValue();
            if (!spec.isObject() || spec.isEmpty()) {
                throw new ParseException(ParseErrorCode.INVALID_QUERY, "invalid index " + e.getKey());
            }
            ObjectNode stored = Json.object();
            for (Map.Entry<String, JsonNode> key : spec.properties()) {
                String field = key.getKey();
                if (!fields.containsKey(field) && !Names.DEFAULT_FIELDS.contains(field)) {
                    throw new ParseException(ParseErrorCode.INVALID_QUERY,
                            "Field " + field + " does not exist, cannot add index.");
                }
                FieldType type = fields.get(field);
                String storedName = field.equals("objectId") ? "_id" : field.equals("createdAt") ? "_created_at"
                        : field.equals("updatedAt") ? "_updated_at"
                        : type != null && type.isPointer() ? "_p_" + field : field;
                JsonNode direction = key.getValue();
                if (!(direction.isInt() && (direction.asInt() == 1 || direction.asInt() == -1))
                        && !(direction.isTextual() && direction.asText().matches("text|2dsphere|2d|hashed"))) {
                    throw new ParseException(ParseErrorCode.INVALID_QUERY, "invalid index direction for " + field);
                }
                stored.set(storedName, direction);
            }
            indexes.set(e.getKey(), stored);
        }
        return indexes;
    }
}
