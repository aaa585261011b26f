package io.heliobase.core.schema;

import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import java.util.Locale;

/** A Parse field type; pointers and relations carry their target class. */
public record FieldType(Kind kind, String targetClass) {

    /** The closed set of Parse field types, with their names in the REST schema and in MongoDB's _SCHEMA. */
    public enum Kind {
        STRING("String", "string"),
        NUMBER("Number", "number"),
        BOOLEAN("Boolean", "boolean"),
        DATE("Date", "date"),
        OBJECT("Object", "object"),
        ARRAY("Array", "array"),
        GEOPOINT("GeoPoint", "geopoint"),
        POLYGON("Polygon", "polygon"),
        BYTES("Bytes", "bytes"),
        FILE("File", "file"),
        POINTER("Pointer", null),
        RELATION("Relation", null),
        ACL("ACL", null);

        private final String restName;
        private final String mongoName;

        Kind(String restName, String mongoName) {
            this.restName = restName;
            this.mongoName = mongoName;
        }

        public String restName() {
            return restName;
        }
    }

    public FieldType {
        if ((kind == Kind.POINTER || kind == Kind.RELATION) && (targetClass == null || targetClass.isEmpty())) {
            throw new ParseException(ParseErrorCode.MISSING_REQUIRED_FIELD, "type " + kind.restName + " needs a class name");
        }
        if (kind != Kind.POINTER && kind != Kind.RELATION) {
            targetClass = null;
        }
    }

    public static FieldType of(Kind kind) {
        return new FieldType(kind, null);
    }

    public static FieldType pointer(String targetClass) {
        return new FieldType(Kind.POINTER, targetClass);
    }

    public static FieldType relation(String targetClass) {
        return new FieldType(Kind.RELATION, targetClass);
    }

    public boolean isPointer() {
        return kind == Kind.POINTER;
    }

    public boolean isRelation() {
        return kind == Kind.RELATION;
    }

    /** The type string stored in Parse's _SCHEMA collection: "string", "*_User", "relation<_Role>", ... */
    public String toMongo() {
        return switch (kind) {
            case POINTER -> "*" + targetClass;
            case RELATION -> "relation<" + targetClass + ">";
            case ACL -> "acl";
            default -> kind.mongoName;
        };
    }

    public static FieldType fromMongo(String type) {
        if (type.startsWith("*")) {
            return pointer(type.substring(1));
        }
        if (type.startsWith("relation<") && type.endsWith(">")) {
            return relation(type.substring("relation<".length(), type.length() - 1));
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "string" -> of(Kind.STRING);
            case "number" -> of(Kind.NUMBER);
            case "boolean" -> of(Kind.BOOLEAN);
            case "date" -> of(Kind.DATE);
            case "object", "map" -> of(Kind.OBJECT);
            case "array" -> of(Kind.ARRAY);
            case "geopoint" -> of(Kind.GEOPOINT);
            case "polygon" -> of(Kind.POLYGON);
            case "bytes" -> of(Kind.BYTES);
            case "file" -> of(Kind.FILE);
            case "acl" -> of(Kind.ACL);
            default -> throw new IllegalArgumentException("unknown _SCHEMA type: " + type);
        };
    }

    /** Reads the REST schema name ("String", "Pointer" + targetClass, ...); unknown names are Parse's 255. */
    public static FieldType fromRest(String type, String targetClass) {
        for (Kind kind : Kind.values()) {
            if (kind.restName.equals(type)) {
                return new FieldType(kind, targetClass);
            }
        }
        throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "invalid field type: " + type);
    }

    @Override
    public String toString() {
        return targetClass == null ? kind.restName : kind.restName + "<" + targetClass + ">";
    }
}
