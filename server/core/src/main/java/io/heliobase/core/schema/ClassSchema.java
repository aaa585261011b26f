package io.heliobase.core.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One class's schema as Parse keeps it: typed fields, class-level permissions, indexes and field options.
 * {@code fields} holds only stored fields (not objectId/createdAt/updatedAt/ACL).
 */
public record ClassSchema(String className, Map<String, FieldType> fields, ObjectNode classLevelPermissions,
                          ObjectNode indexes, ObjectNode fieldOptions) {

    public ClassSchema {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        classLevelPermissions = classLevelPermissions == null ? null : classLevelPermissions.deepCopy();
        indexes = indexes == null ? Json.object() : indexes.deepCopy();
        fieldOptions = fieldOptions == null ? Json.object() : fieldOptions.deepCopy();
    }

    /** A schema with just the class's built-in fields and default (public) permissions. */
    public static ClassSchema empty(String className) {
        return new ClassSchema(className, SystemClasses.defaultFields(className), null, null, null);
    }

    public Optional<FieldType> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public ClassSchema withField(String name, FieldType type) {
        Map<String, FieldType> copy = new LinkedHashMap<>(fields);
        copy.put(name, type);
        return new ClassSchema(className, copy, classLevelPermissions, indexes, fieldOptions);
    }

    /** Class-level permissions as the REST API shows them: Parse's public defaults unless set. */
    public ObjectNode effectivePermissions() {
        ObjectNode clp = Json.object();
        for (String op : new String[] {"find", "count", "get", "create", "update", "delete", "addField"}) {
            clp.set(op, Json.object().put("*", true));
        }
        clp.set("protectedFields", Json.object().set("*", Json.array()));
        if (classLevelPermissions != null) {
            classLevelPermissions.properties().forEach(e -> clp.set(e.getKey(), e.getValue()));
        }
        return clp;
    }
}
