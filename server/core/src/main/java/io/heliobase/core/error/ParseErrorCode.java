package io.heliobase.core.error;

/** Parse's numeric error codes (Parse JS SDK ParseError.ts) with the HTTP status Parse Server answers them with. */
public enum ParseErrorCode {
    OTHER_CAUSE(-1),
    INTERNAL_SERVER_ERROR(1),
    CONNECTION_FAILED(100),
    OBJECT_NOT_FOUND(101),
    INVALID_QUERY(102),
    INVALID_CLASS_NAME(103),
    MISSING_OBJECT_ID(104),
    INVALID_KEY_NAME(105),
    INVALID_POINTER(106),
    INVALID_JSON(107),
    COMMAND_UNAVAILABLE(108),
    INCORRECT_TYPE(111),
    INVALID_CHANNEL_NAME(112),
    OPERATION_FORBIDDEN(119),
    CACHE_MISS(120),
    INVALID_NESTED_KEY(121),
    INVALID_FILE_NAME(122),
    INVALID_ACL(123),
    TIMEOUT(124),
    INVALID_EMAIL_ADDRESS(125),
    MISSING_CONTENT_TYPE(126),
    MISSING_CONTENT_LENGTH(127),
    INVALID_CONTENT_LENGTH(128),
    FILE_TOO_LARGE(129),
    FILE_SAVE_ERROR(130),
    DUPLICATE_VALUE(137),
    INVALID_ROLE_NAME(139),
    EXCEEDED_QUOTA(140),
    SCRIPT_FAILED(141),
    VALIDATION_ERROR(142),
    WEBHOOK_ERROR(143),
    FILE_DELETE_ERROR(153),
    REQUEST_LIMIT_EXCEEDED(155),
    DUPLICATE_REQUEST(159),
    INVALID_EVENT_NAME(160),
    INVALID_VALUE(162),
    USERNAME_MISSING(200),
    PASSWORD_MISSING(201),
    USERNAME_TAKEN(202),
    EMAIL_TAKEN(203),
    EMAIL_MISSING(204),
    EMAIL_NOT_FOUND(205),
    SESSION_MISSING(206),
    MUST_CREATE_USER_THROUGH_SIGNUP(207),
    ACCOUNT_ALREADY_LINKED(208),
    INVALID_SESSION_TOKEN(209),
    LINKED_ID_MISSING(250),
    INVALID_LINKED_SESSION(251),
    UNSUPPORTED_SERVICE(252),
    MISSING_REQUIRED_FIELD(135),
    INVALID_SCHEMA_OPERATION(255);

    private final int code;

    ParseErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code with this number, if Parse has one (scripts and webhooks may throw any number). */
    public static java.util.Optional<ParseErrorCode> fromCode(int code) {
        for (ParseErrorCode c : values()) {
            if (c.code == code) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }

    /** Parse Server maps 1 to 500, 101 to 404 and every other code to 400. */
    public int httpStatus() {
        return switch (this) {
            case INTERNAL_SERVER_ERROR -> 500;
            case OBJECT_NOT_FOUND -> 404;
            default -> 400;
        };
    }
}
