package io.heliobase.server.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.heliobase.core.error.ParseException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;

/** Verifies one provider's id_tokens: signature against its cached keys, then {@link ClaimsCheck}. Thread-safe. */
final class IdTokenVerifier implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IdTokenVerifier.class.getName());
    /** Real id_tokens are 1-2 KB; a cap keeps a huge string from reaching the JSON parser. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** Asymmetric only: with HS256 allowed, a token "signed" with the public key as secret would verify. */
    private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final ProviderConfig provider;
    private final JWKSource<SignIn> keys;
    private final DefaultJWTProcessor<SignIn> processor = new DefaultJWTProcessor<>();

    IdTokenVerifier(ProviderConfig provider, JwksSettings settings, Clock clock) {
        this.provider = provider;
        this.keys = JwksSource.remote(provider.jwksUrl(), settings);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED, keys));
        processor.setJWTClaimsSetVerifier(new ClaimsCheck(provider, settings.clockSkew(), clock));
    }

    /** The verified subject, which equals authData.id; otherwise a 101 ParseException. */
    String verify(JsonNode authData) {
        try {
            SignIn signIn = SignIn.from(authData, provider.tokenFields());
            processor.process(signed(signIn.idToken()), signIn);
            return signIn.id();
        } catch (Refused e) {
            throw refuse(e.refusal());
        } catch (BadJWSException e) {
            throw refuse(Refusal.BAD_SIGNATURE);
        } catch (BadJOSEException e) {
            throw refuse(Refusal.UNKNOWN_KEY); // no key matched, even after one refetch
        } catch (RateLimitReachedException e) {
            throw refuse(Refusal.KEYS_RATE_LIMITED); // an unknown kid, and the refetch budget is spent
        } catch (KeySourceException e) {
            LOG.log(System.Logger.Level.WARNING, provider.name() + ": cannot load signing keys from "
                    + provider.jwksUrl() + ": " + e.getMessage());
            throw refuse(Refusal.KEYS_UNAVAILABLE);
        } catch (JOSEException e) {
            throw refuse(Refusal.BAD_SIGNATURE);
        }
    }

    /** Parses without trusting the header: an unsigned or encrypted JWT never reaches the processor. */
    private static SignedJWT signed(String token) throws Refused {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new Refused(Refusal.TOKEN_TOO_LARGE);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (java.text.ParseException e) {
            throw new Refused(Refusal.MALFORMED);
        }
        if (jwt instanceof SignedJWT signedJwt) {
            return signedJwt;
        }
        throw new Refused(jwt instanceof PlainJWT ? Refusal.UNSIGNED : Refusal.MALFORMED);
    }

    private ParseException refuse(Refusal refusal) {
        // the reason only: never the token, which is a bearer credential, nor the id
        LOG.log(System.Logger.Level.DEBUG, () -> provider.name() + " authData refused: " + refusal.reason());
        return refusal.toParseException(provider.name());
    }

    @Override
    public void close() {
        if (keys instanceof Closeable closeable) {
            try {
                closeable.close(); // stops the refresh-ahead thread
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, provider.name() + ": closing the key source failed", e);
            }
        }
    }
}
