package io.heliobase.server.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.object.FieldOp;
import io.heliobase.server.auth.oidc.AuthProviders;
import java.util.Map;
import java.util.Optional;

/**
 * Third-party logins a user may carry: anonymous ids, and the OpenID Connect providers configured for the server
 * (Sign in with Apple, Google, any issuer), whose id_token is verified on every sign-up, login, link and update that
 * carries it. Only the verified subject is stored — never the token.
 */
public final class AuthData {
    public static final String ANONYMOUS = "anonymous";
    private final AuthProviders providers;

    public AuthData(AuthProviders providers) {
        this.providers = providers;
    }

    /** A provider and the verified id it signs in as. */
    public record Identity(String provider, String id) {
    }

    static boolean isAnonymous(FieldOp op) {
        return op instanceof FieldOp.Set s && s.value().isObject() && s.value().size() == 1
                && s.value().path(ANONYMOUS).path("id").isTextual();
    }

    /**
     * Verifies every provider in an authData value and returns what is stored: {@code {provider: {id}}} per
     * provider, {@code null} for a provider being unlinked.
     */
    ObjectNode verified(JsonNode authData) {
        if (authData == null || !authData.isObject()) {
            throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "authData must be an object");
        }
        ObjectNode stored = Json.object();
        for (Map.Entry<String, JsonNode> entry : authData.properties()) {
            String provider = entry.getKey();
            JsonNode data = entry.getValue();
            if (data.isNull()) {
                stored.putNull(provider);
            } else if (provider.equals(ANONYMOUS)) {
                if (!data.path("id").isTextual() || data.path("id").asText().isEmpty()) {
                    throw new ParseException(ParseErrorCode.INVALID_LINKED_SESSION, "anonymous authData needs an id");
                }
                stored.set(provider, Json.object().put("id", data.path("id").asText()));
            } else if (providers.supports(provider)) {
                stored.set(provider, Json.object().put("id", providers.verify(provider, data)));
            } else {
                throw new ParseException(ParseErrorCode.UNSUPPORTED_SERVICE, "This authentication method is unsupported.");
            }
        }
        return stored;
    }

    /** Verifies the authData of a sign-up or login; it must name exactly one provider to sign in with. */
    public Identity signInIdentity(JsonNode authData) {
        ObjectNode stored = verified(authData);
        if (stored.size() != 1 || stored.properties().iterator().next().getValue().isNull()) {
            throw new ParseException(ParseErrorCode.LINKED_ID_MISSING, "authData must name one provider to sign in with");
        }
        Map.Entry<String, JsonNode> only = stored.properties().iterator().next();
        return new Identity(only.getKey(), only.getValue().path("id").asText());
    }

    /** Replaces a write's authData by its verified, token-free form. */
    void verifyInPlace(Map<String, FieldOp> ops) {
        FieldOp op = ops.get("authData");
        if (op == null) {
            return;
        }
        if (!(op instanceof FieldOp.Set s)) {
            throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "authData must be an object");
        }
        ops.put("authData", new FieldOp.Set(verified(s.value())));
    }

    static Optional<String> anyProvider(FieldOp op) {
        if (op instanceof FieldOp.Set s && s.value().isObject()) {
            for (Map.Entry<String, JsonNode> e : s.value().properties()) {
                if (!e.getValue().isNull()) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }
}
