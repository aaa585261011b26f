package io.heliobase.server.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;

/**
 * The parts of one provider's authData that sign-in checks: the claimed id, the id_token and the optional nonce
 * ({@code null} when the client sent none). It is the nimbus context, so the claim check can compare against it.
 */
record SignIn(String id, String idToken, String nonce) implements SecurityContext {

    static SignIn from(JsonNode authData, List<String> tokenFields) throws Refused {
        if (authData == null || !authData.isObject()) {
            throw new Refused(Refusal.NOT_AN_OBJECT);
        }
        String id = text(authData.get("id"));
        if (id == null) {
            throw new Refused(Refusal.MISSING_ID);
        }
        String token = tokenFields.stream().map(f -> text(authData.get(f))).filter(t -> t != null).findFirst()
                .orElseThrow(() -> new Refused(Refusal.MISSING_TOKEN));
        JsonNode nonce = authData.get("nonce");
        if (nonce == null || nonce.isNull()) {
            return new SignIn(id, token, null);
        }
        String text = text(nonce);
        if (text == null) {
            throw new Refused(Refusal.NONCE_MISMATCH); // a nonce that is not a string can match no token
        }
        return new SignIn(id, token, text);
    }

    /** The token is a bearer credential and the id identifies a person: keep both out of any log line. */
    @Override
    public String toString() {
        return "SignIn[<redacted>]";
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
    }
}
