package io.heliobase.server.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies the authData of the providers configured for this server. Build one at startup and share it: it is
 * immutable and thread-safe, construction fetches nothing, and each provider's keys are fetched on its first login and
 * cached. {@link #close()} stops the background key refresh.
 */
public final class AuthProviders implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AuthProviders.class.getName());

    private final Map<String, IdTokenVerifier> verifiers;

    private AuthProviders(Map<String, IdTokenVerifier> verifiers) {
        this.verifiers = Map.copyOf(verifiers);
    }

    /**
     * From environment-style keys: {@code HELIOBASE_AUTH_APPLE_CLIENT_IDS}, {@code HELIOBASE_AUTH_GOOGLE_CLIENT_IDS},
     * and {@code HELIOBASE_AUTH_OIDC_<NAME>_ISSUER / _CLIENT_IDS / _JWKS_URL}.
     *
     * @throws IllegalArgumentException for a misspelt key, a half-set provider or a JWKS URL that is not https
     */
    public static AuthProviders from(Map<String, String> env) {
        return from(env, JwksSettings.DEFAULTS, Clock.systemUTC());
    }

    static AuthProviders from(Map<String, String> env, JwksSettings settings, Clock clock) {
        Map<String, IdTokenVerifier> verifiers = new LinkedHashMap<>();
        for (ProviderConfig provider : ProviderConfigs.fromEnv(env)) {
            verifiers.put(provider.name(), new IdTokenVerifier(provider, settings, clock));
        }
        if (!verifiers.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "OpenID Connect sign-in providers: " + verifiers.keySet());
        }
        return new AuthProviders(verifiers);
    }

    /**
     * True if the provider name is configured (e.g. "apple", "google", or a custom "myoidc"). "anonymous" is not
     * handled here.
     */
    public boolean supports(String provider) {
        return provider != null && verifiers.containsKey(provider);
    }

    /**
     * Verifies one provider's authData ({@code {"id": "<sub>", "id_token": "<JWT>", "nonce"?: "..."}}) and returns
     * the verified subject, which equals authData.id.
     *
     * @throws ParseException 101 OBJECT_NOT_FOUND "Invalid authData for ..." for any refused token; 252
     *         UNSUPPORTED_SERVICE for a provider that {@link #supports} denies
     */
    public String verify(String provider, JsonNode authData) {
        IdTokenVerifier verifier = provider == null ? null : verifiers.get(provider);
        if (verifier == null) {
            throw new ParseException(ParseErrorCode.UNSUPPORTED_SERVICE, "This authentication method is unsupported.");
        }
        return verifier.verify(authData);
    }

    /** Stops each provider's background key refresh; verify must not be called afterwards. */
    @Override
    public void close() {
        verifiers.values().forEach(IdTokenVerifier::close);
    }
}
