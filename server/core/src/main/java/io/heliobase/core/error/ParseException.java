package io.heliobase.core.error;

/**
 * The one exception the API turns into Parse's {@code {"code":n,"error":"..."}} body. Not final: cloud code marks a
 * script stopped by its budget with a subclass.
 */
public class ParseException extends RuntimeException {
    private final ParseErrorCode code;

    public ParseException(ParseErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ParseErrorCode code() {
        return code;
    }

    public static ParseException notFound() {
        return new ParseException(ParseErrorCode.OBJECT_NOT_FOUND, "Object not found.");
    }

    public static ParseException invalidQuery(String message) {
        return new ParseException(ParseErrorCode.INVALID_QUERY, message);
    }

    public static ParseException invalidJson(String message) {
        return new ParseException(ParseErrorCode.INVALID_JSON, message);
    }

    public static ParseException forbidden(String message) {
        return new ParseException(ParseErrorCode.OPERATION_FORBIDDEN, message);
    }
}
