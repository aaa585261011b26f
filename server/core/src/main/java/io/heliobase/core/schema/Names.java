package io.heliobase.core.schema;

import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import java.util.Set;
import java.util.regex.Pattern;

/** Which class and field names Parse accepts. */
public final class Names {
    public static final int MAX_NAME_LENGTH = 128;
    private static final Pattern CLASS_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*$");
    private static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*$");
    /** Keys that enable prototype pollution or BSON injection in Parse Server's stack; refused anywhere in a body. */
    public static final Set<String> DENIED_KEYS = Set.of("__proto__", "constructor", "prototype", "_bsontype");
    /** Fields every object has, answered by the server and never writable by clients. */
    public static final Set<String> DEFAULT_FIELDS = Set.of("objectId", "createdAt", "updatedAt", "ACL");
    /** Field names Parse reserves on every class. */
    public static final Set<String> RESERVED_FIELDS = Set.of("className", "length");

    private Names() {
    }

    public static boolean isValidClassName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        return SystemClasses.isSystemClass(name) || CLASS_NAME.matcher(name).matches();
    }

    public static void requireValidClassName(String name) {
        if (!isValidClassName(name)) {
            throw new ParseException(ParseErrorCode.INVALID_CLASS_NAME, "Invalid classname: " + printable(name)
                    + ", classnames can only have alphanumeric characters and _, and must start with an alpha character ");
        }
    }

    public static boolean isValidFieldName(String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && FIELD_NAME.matcher(name).matches()
                && !RESERVED_FIELDS.contains(name);
    }

    public static void requireValidFieldName(String name) {
        if (!isValidFieldName(name)) {
            throw new ParseException(ParseErrorCode.INVALID_KEY_NAME, "Invalid field name: " + printable(name) + ".");
        }
    }

    /** Keys in error messages are cut and stripped of control characters, so a hostile key cannot forge log lines. */
    public static String printable(String name) {
        if (name == null) {
            return "null";
        }
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
