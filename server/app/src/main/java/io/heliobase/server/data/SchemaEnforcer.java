package io.heliobase.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.acl.ClassPermissions;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.object.Values;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Schema rules on the write path: classes are created on first write when allowed, new fields are added with the
 * type their first value implies, and a value of another type is Parse's 111. All checks run before any write.
 */
final class SchemaEnforcer {
    private final StorageAdapter storage;
    private final SchemaCache schemas;
    private final boolean allowClientClassCreation;

    SchemaEnforcer(StorageAdapter storage, SchemaCache schemas, boolean allowClientClassCreation) {
        this.storage = storage;
        this.schemas = schemas;
        this.allowClientClassCreation = allowClientClassCreation;
    }

    ClassSchema ensureClass(Caller caller, String className) {
        Optional<ClassSchema> existing = schemas.find(className);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!caller.isMaster() && !allowClientClassCreation && !SystemClasses.isSystemClass(className)) {
            throw ParseException.forbidden("This user is not allowed to access non-existent class: " + className);
        }
        if (SystemClasses.VOLATILE.contains(className)) {
            return ClassSchema.empty(className);
        }
        storage.createClass(ClassSchema.empty(className));
        return schemas.reload(className).orElseThrow();
    }

    /** Applies {@code defaultValue}s and checks {@code required} fields from the schema's field options. */
    Map<String, FieldOp> withDefaults(ClassSchema schema, Map<String, FieldOp> ops) {
        Map<String, FieldOp> result = new LinkedHashMap<>(ops);
        schema.fieldOptions().properties().forEach(e -> {
            String field = e.getKey();
            JsonNode options = e.getValue();
            FieldOp given = result.get(field);
            boolean missing = given == null || given instanceof FieldOp.Delete
                    || given instanceof FieldOp.Set s && s.value().isNull();
            if (missing && options.has("defaultValue")) {
                result.put(field, new FieldOp.Set(options.get("defaultValue")));
            } else if (missing && options.path("required").asBoolean(false)) {
                throw new ParseException(ParseErrorCode.VALIDATION_ERROR, field + " is required");
            }
        });
        return result;
    }

    /** Checks every field's type and adds unknown fields (subject to the addField permission). */
    ClassSchema ensureFields(Caller caller, ClassSchema schema, Map<String, FieldOp> ops) {
        Map<String, FieldType> toAdd = new LinkedHashMap<>();
        for (Map.Entry<String, FieldOp> e : ops.entrySet()) {
            String field = e.getKey();
            String root = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
            Optional<FieldType> wanted = Values.typeOf(e.getValue());
            Optional<FieldType> existing = schema.field(root);
            if (field.contains(".")) {
                if (existing.isPresent() && existing.get().kind() != FieldType.Kind.OBJECT) {
                    throw mismatch(schema.className(), root, existing.get(), FieldType.of(FieldType.Kind.OBJECT));
                }
                if (existing.isEmpty()) {
                    toAdd.put(root, FieldType.of(FieldType.Kind.OBJECT));
                }
                continue;
            }
            if (wanted.isEmpty()) {
                continue;
            }
            if (existing.isPresent()) {
                checkSame(schema.className(), field, existing.get(), wanted.get());
            } else {
                toAdd.put(field, wanted.get());
            }
        }
        if (toAdd.isEmpty()) {
            return schema;
        }
        ClassPermissions.require(schema.classLevelPermissions(), schema.className(), "addField", caller);
        for (Map.Entry<String, FieldType> e : toAdd.entrySet()) {
            FieldType stored = SystemClasses.VOLATILE.contains(schema.className())
                    ? e.getValue()
                    : storage.addField(schema.className(), e.getKey(), e.getValue());
            checkSame(schema.className(), e.getKey(), stored, e.getValue());
            schema = schema.withField(e.getKey(), stored);
        }
        if (!SystemClasses.VOLATILE.contains(schema.className())) {
            schemas.put(schema);
        }
        return schema;
    }

    private static void checkSame(String className, String field, FieldType existing, FieldType wanted) {
        boolean same = existing.kind() == wanted.kind()
                && (existing.targetClass() == null || existing.targetClass().equals(wanted.targetClass()));
        if (!same) {
            throw mismatch(className, field, existing, wanted);
        }
    }

    private static ParseException mismatch(String className, String field, FieldType existing, FieldType wanted) {
        return new ParseException(ParseErrorCode.INCORRECT_TYPE, "schema mismatch for " + className + "." + field
                + "; expected " + existing + " but got " + wanted);
    }
}
