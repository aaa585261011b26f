package io.heliobase.server.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.object.FieldOp;
import java.util.Map;

/**
 * Which third-party logins a user may carry. Anonymous users work today; OpenID Connect providers (Apple, Google,
 * any issuer) verify their id_token in the identity issue's next slice, and until then are refused rather than
 * trusted.
 */
final class AuthData {
    private AuthData() {
    }

    static boolean isAnonymous(FieldOp op) {
        return op instanceof FieldOp.Set s && s.value().isObject() && s.value().size() == 1
                && s.value().path("anonymous").path("id").isTextual();
    }

    static void requireSupported(FieldOp op) {
        if (op == null) {
            return;
        }
        if (!(op instanceof FieldOp.Set s) || !s.value().isObject()) {
            throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "authData must be an object");
        }
        for (Map.Entry<String, JsonNode> provider : s.value().properties()) {
            if (provider.getValue().isNull()) {
                continue; // unlinking
            }
            if (!provider.getKey().equals("anonymous")) {
                throw new ParseException(ParseErrorCode.UNSUPPORTED_SERVICE, "This authentication method is unsupported.");
            }
            if (!provider.getValue().path("id").isTextual()) {
                throw new ParseException(ParseErrorCode.INVALID_LINKED_SESSION, "anonymous authData needs an id");
            }
        }
    }
}
