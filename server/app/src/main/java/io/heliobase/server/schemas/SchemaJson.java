package io.heliobase.server.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import java.util.Map;

/** A class schema in the REST shape of {@code /schemas}. */
final class SchemaJson {
    private SchemaJson() {
    }

    static ObjectNode toJson(ClassSchema schema, Map<String, ObjectNode> indexes) {
        ObjectNode fields = Json.object();
        fields.set("objectId", Json.object().put("type", "String"));
        fields.set("createdAt", Json.object().put("type", "Date"));
        fields.set("updatedAt", Json.object().put("type", "Date"));
        fields.set("ACL", Json.object().put("type", "ACL"));
        schema.fields().forEach((name, type) -> fields.set(name, field(type, schema.fieldOptions().get(name))));
        ObjectNode json = Json.object().put("className", schema.className());
        json.set("fields", fields);
        json.set("classLevelPermissions", schema.effectivePermissions());
        for (String classOption : new String[] {"privacy", "retention"}) { // ForgetRule, RetentionRule
            JsonNode value = schema.fieldOptions().path("*").path(classOption);
            if (value.isObject()) {
                json.set(classOption, value);
            }
        }
        if (!indexes.isEmpty()) {
            ObjectNode idx = Json.object();
            indexes.forEach(idx::set);
            json.set("indexes", idx);
        }
        return json;
    }

    private static ObjectNode field(FieldType type, JsonNode options) {
        ObjectNode field = Json.object().put("type", type.kind().restName());
        if (type.targetClass() != null) {
            field.put("targetClass", type.targetClass());
        }
        if (options != null && options.isObject()) {
            options.properties().forEach(e -> field.set(e.getKey(), e.getValue()));
        }
        return field;
    }
}
