package io.heliobase.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.RSAKey;
import io.heliobase.core.error.ParseException;
import java.time.Clock;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in Apple and Google providers, as the Parse SDKs send their authData, with keys served from loopback. */
class AppleAndGoogleTest {
    private static final RSAKey KEY = Tokens.rsaKey("provider-key");
    private JwksServer jwks;
    private AuthProviders providers;

    @BeforeEach
    void start() {
        jwks = JwksServer.serving(KEY);
        providers = AuthProviders.from(Map.of(
                "HELIOBASE_AUTH_APPLE_CLIENT_IDS", "com.example.app",
                "HELIOBASE_AUTH_APPLE_JWKS_URL", jwks.url(),
                "HELIOBASE_AUTH_GOOGLE_CLIENT_IDS", "123.apps.googleusercontent.com",
                "HELIOBASE_AUTH_GOOGLE_JWKS_URL", jwks.url()), AuthProvidersTest.FAST, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        providers.close();
        jwks.close();
    }

    private static String token(String issuer, String audience) {
        return Tokens.rs256(KEY, Tokens.claims().issuer(issuer).audience(audience).build());
    }

    @Test
    void appleAcceptsTheTokenUnderEitherFieldName() {
        String token = token("https://appleid.apple.com", "com.example.app");
        ObjectNode asToken = JsonNodeFactory.instance.objectNode().put("id", Tokens.SUBJECT).put("token", token);
        assertThat(providers.verify("apple", asToken)).isEqualTo(Tokens.SUBJECT);
        assertThat(providers.verify("apple", AuthProvidersTest.authData(token))).isEqualTo(Tokens.SUBJECT);
    }

    @Test
    void googleAcceptsBothOfItsIssuerSpellings() {
        for (String issuer : new String[] {"https://accounts.google.com", "accounts.google.com"}) {
            String token = token(issuer, "123.apps.googleusercontent.com");
            assertThat(providers.verify("google", AuthProvidersTest.authData(token))).isEqualTo(Tokens.SUBJECT);
        }
    }

    @Test
    void aTokenOfOneProviderDoesNotLogInThroughAnother() {
        String appleToken = token("https://appleid.apple.com", "com.example.app");
        assertThatThrownBy(() -> providers.verify("google", AuthProvidersTest.authData(appleToken)))
                .isInstanceOf(ParseException.class).hasMessageContaining(Refusal.WRONG_ISSUER.reason());
        String googleTokenForApple = token("https://accounts.google.com", "com.example.app");
        assertThatThrownBy(() -> providers.verify("google", AuthProvidersTest.authData(googleTokenForApple)))
                .isInstanceOf(ParseException.class).hasMessageContaining(Refusal.WRONG_AUDIENCE.reason());
    }

    @Test
    void refusalsNeverLogTheToken() {
        Logger logger = Logger.getLogger("io.heliobase.server.auth.oidc");
        Level before = logger.getLevel();
        CopyOnWriteArrayList<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        try {
            String token = token("https://evil.example.test", "com.example.app");
            assertThatThrownBy(() -> providers.verify("apple", AuthProvidersTest.authData(token)))
                    .isInstanceOf(ParseException.class).hasMessageNotContaining(token);
            assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.getMessage()).doesNotContain(token)
                    .doesNotContain(token.split("\\.")[1]).doesNotContain(Tokens.SUBJECT));
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(before);
        }
    }
}
