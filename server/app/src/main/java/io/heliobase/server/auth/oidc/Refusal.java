package io.heliobase.server.auth.oidc;

import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;

/**
 * Why an authData was refused. Each becomes Parse's 101 "Invalid authData" answer with a fixed reason, so a client
 * learns what to fix but never sees the token, the configured client ids or a library's message.
 */
enum Refusal {
    NOT_AN_OBJECT("authData must be an object with id and id_token"),
    MISSING_ID("the id is missing"),
    MISSING_TOKEN("the id_token is missing"),
    TOKEN_TOO_LARGE("the id_token is too large"),
    MALFORMED("the id_token is not a signed JWT"),
    UNSIGNED("unsigned id_tokens are refused"),
    UNKNOWN_KEY("the id_token is not signed with a known key and an accepted algorithm"),
    BAD_SIGNATURE("the id_token signature is invalid"),
    KEYS_UNAVAILABLE("the provider's signing keys could not be loaded"),
    KEYS_RATE_LIMITED("no known key matches the id_token and the provider's keys were fetched moments ago"),
    WRONG_ISSUER("the id_token was issued by another provider"),
    WRONG_AUDIENCE("the id_token was issued for another app"),
    MISSING_CLAIMS("the id_token lacks sub, exp or iat"),
    EXPIRED("the id_token has expired"),
    NOT_YET_VALID("the id_token is not valid yet"),
    SUBJECT_MISMATCH("the id_token was issued for another id"),
    NONCE_MISMATCH("the nonce does not match the id_token");

    private final String reason;

    Refusal(String reason) {
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    ParseException toParseException(String provider) {
        return new ParseException(ParseErrorCode.OBJECT_NOT_FOUND, "Invalid authData for " + provider + ": " + reason
                + ".");
    }
}
