package io.heliobase.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A custom OpenID Connect provider served from loopback: what passes, what is refused with 101, and why. */
class AuthProvidersTest {
    static final String PROVIDER = "testidp";
    static final JwksSettings FAST = new JwksSettings(Duration.ofMillis(500), Duration.ofMillis(500), 64 * 1024,
            Duration.ofMinutes(10), Duration.ofSeconds(60));

    private static RSAKey rsa;
    private static ECKey ec;
    private JwksServer jwks;
    private AuthProviders providers;

    @BeforeAll
    static void keys() {
        rsa = Tokens.rsaKey("rsa-1");
        ec = Tokens.ecKey("ec-1");
    }

    @BeforeEach
    void start() {
        jwks = JwksServer.serving(rsa, ec);
        providers = providersFor(jwks.url());
    }

    @AfterEach
    void stop() {
        providers.close();
        jwks.close();
    }

    static AuthProviders providersFor(String jwksUrl) {
        return AuthProviders.from(Map.of("HELIOBASE_AUTH_OIDC_TESTIDP_ISSUER", Tokens.ISSUER,
                "HELIOBASE_AUTH_OIDC_TESTIDP_CLIENT_IDS", " app-1, app-2 ",
                "HELIOBASE_AUTH_OIDC_TESTIDP_JWKS_URL", jwksUrl), FAST, Clock.systemUTC());
    }

    static ObjectNode authData(String token) {
        return JsonNodeFactory.instance.objectNode().put("id", Tokens.SUBJECT).put("id_token", token);
    }

    private void assertRefused(JsonNode authData, Refusal refusal) {
        assertThatThrownBy(() -> providers.verify(PROVIDER, authData))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.code()).isEqualTo(ParseErrorCode.OBJECT_NOT_FOUND))
                .hasMessage("Invalid authData for " + PROVIDER + ": " + refusal.reason() + ".");
    }

    @Test
    void aValidRs256TokenReturnsTheSubject() {
        assertThat(providers.verify(PROVIDER, authData(Tokens.rs256(rsa, Tokens.claims().build()))))
                .isEqualTo(Tokens.SUBJECT);
    }

    @Test
    void aValidEs256TokenReturnsTheSubject() {
        assertThat(providers.verify(PROVIDER, authData(Tokens.es256(ec, Tokens.claims().build()))))
                .isEqualTo(Tokens.SUBJECT);
    }

    @Test
    void anyConfiguredClientIdIsAnAcceptedAudience() {
        assertThat(providers.verify(PROVIDER, authData(Tokens.rs256(rsa, Tokens.claims().audience("app-2").build()))))
                .isEqualTo(Tokens.SUBJECT);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Instant past = Instant.now().minus(Duration.ofMinutes(5));
        String token = Tokens.rs256(rsa, Tokens.claims().issueTime(Date.from(past.minusSeconds(600)))
                .expirationTime(Date.from(past)).build());
        assertRefused(authData(token), Refusal.EXPIRED);
    }

    @Test
    void aTokenThatExpiredWithinTheClockSkewStillPasses() {
        String token = Tokens.rs256(rsa, Tokens.claims().expirationTime(Date.from(Instant.now().minusSeconds(20)))
                .build());
        assertThat(providers.verify(PROVIDER, authData(token))).isEqualTo(Tokens.SUBJECT);
    }

    @Test
    void aTokenNotValidYetIsRefused() {
        Instant later = Instant.now().plus(Duration.ofMinutes(5));
        assertRefused(authData(Tokens.rs256(rsa, Tokens.claims().notBeforeTime(Date.from(later)).build())),
                Refusal.NOT_YET_VALID);
        assertRefused(authData(Tokens.rs256(rsa, Tokens.claims().issueTime(Date.from(later)).build())),
                Refusal.NOT_YET_VALID);
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        assertRefused(authData(Tokens.rs256(rsa, Tokens.claims().expirationTime(null).build())),
                Refusal.MISSING_CLAIMS);
    }

    @Test
    void aTokenForAnotherAppIsRefused() {
        assertRefused(authData(Tokens.rs256(rsa, Tokens.claims().audience("someone-elses-app").build())),
                Refusal.WRONG_AUDIENCE);
    }

    @Test
    void aTokenAlsoIssuedToAnotherAppIsRefused() {
        String token = Tokens.rs256(rsa, Tokens.claims().audience(java.util.List.of("app-1", "other-app")).build());
        assertRefused(authData(token), Refusal.WRONG_AUDIENCE);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        assertRefused(authData(Tokens.rs256(rsa, Tokens.claims().issuer("https://evil.example.test").build())),
                Refusal.WRONG_ISSUER);
        assertRefused(authData(Tokens.rs256(rsa, Tokens.claims().issuer(Tokens.ISSUER + "/").build())),
                Refusal.WRONG_ISSUER);
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        assertRefused(authData(Tokens.unsigned("{\"alg\":\"none\"}", Tokens.claims().build())), Refusal.UNSIGNED);
        assertRefused(authData(Tokens.unsigned("{\"alg\":\"none\",\"kid\":\"rsa-1\"}", Tokens.claims().build())
                + "c2ln"), Refusal.MALFORMED);
        assertRefused(authData(Tokens.unsigned("{\"alg\":\"None\",\"kid\":\"rsa-1\"}", Tokens.claims().build())
                + "c2ln"), Refusal.UNKNOWN_KEY);
    }

    @Test
    void anHs256TokenIsRefusedWhateverItsSecret() {
        byte[] secret = "a-shared-secret-of-at-least-256-bits!!".getBytes(StandardCharsets.UTF_8);
        assertRefused(authData(Tokens.hs256(secret, "rsa-1", Tokens.claims().build())), Refusal.UNKNOWN_KEY);
        // the classic confusion attack: the provider's public key used as the HMAC secret
        byte[] publicKey = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        assertRefused(authData(Tokens.hs256(publicKey, "rsa-1", Tokens.claims().build())), Refusal.UNKNOWN_KEY);
        assertThat(jwks.fetches()).as("an algorithm we never accept does not trigger a key fetch").isZero();
    }

    @Test
    void aTokenSignedByAKeyOutsideTheJwksIsRefused() {
        RSAKey stranger = Tokens.rsaKey("stranger");
        assertRefused(authData(Tokens.rs256(stranger, Tokens.claims().build())), Refusal.UNKNOWN_KEY);
        RSAKey impostor = Tokens.rsaKey("rsa-1"); // same kid as the real key, different key
        assertRefused(authData(Tokens.rs256(impostor, Tokens.claims().build())), Refusal.BAD_SIGNATURE);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] good = Tokens.rs256(rsa, Tokens.claims().build()).split("\\.");
        String forged = Tokens.unsigned("{}", Tokens.claims().subject("admin").build()).split("\\.")[1];
        ObjectNode data = authData(good[0] + "." + forged + "." + good[2]).put("id", "admin");
        assertRefused(data, Refusal.BAD_SIGNATURE);
    }

    @Test
    void aTokenForAnotherIdIsRefused() {
        ObjectNode data = authData(Tokens.rs256(rsa, Tokens.claims().build())).put("id", "someone-else");
        assertRefused(data, Refusal.SUBJECT_MISMATCH);
    }

    @Test
    void authDataWithoutIdOrTokenIsRefused() {
        assertRefused(JsonNodeFactory.instance.objectNode().put("id", Tokens.SUBJECT), Refusal.MISSING_TOKEN);
        assertRefused(authData(""), Refusal.MISSING_TOKEN);
        ObjectNode noId = authData(Tokens.rs256(rsa, Tokens.claims().build()));
        noId.remove("id");
        assertRefused(noId, Refusal.MISSING_ID);
        assertRefused(JsonNodeFactory.instance.textNode("x"), Refusal.NOT_AN_OBJECT);
        assertRefused(null, Refusal.NOT_AN_OBJECT);
        assertRefused(authData("not.a.jwt"), Refusal.MALFORMED);
        assertRefused(authData("x".repeat(IdTokenVerifier.MAX_TOKEN_CHARS + 1)), Refusal.TOKEN_TOO_LARGE);
    }

    @Test
    void aCustomProviderReadsOnlyIdToken() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", Tokens.SUBJECT)
                .put("token", Tokens.rs256(rsa, Tokens.claims().build()));
        assertRefused(data, Refusal.MISSING_TOKEN);
    }

    @Test
    void aNonceInAuthDataMustMatchTheToken() {
        String token = Tokens.rs256(rsa, Tokens.claims().claim("nonce", "n-1").build());
        assertThat(providers.verify(PROVIDER, authData(token).put("nonce", "n-1"))).isEqualTo(Tokens.SUBJECT);
        assertThat(providers.verify(PROVIDER, authData(token))).as("nonce is optional").isEqualTo(Tokens.SUBJECT);
        assertRefused(authData(token).put("nonce", "n-2"), Refusal.NONCE_MISMATCH);
        assertRefused(authData(token).put("nonce", 7), Refusal.NONCE_MISMATCH);
        assertRefused(authData(Tokens.rs256(rsa, Tokens.claims().build())).put("nonce", "n-1"),
                Refusal.NONCE_MISMATCH);
    }

    @Test
    void aJkuHeaderIsIgnoredSoKeysComeOnlyFromTheConfiguredUrl() {
        RSAKey attacker = Tokens.rsaKey("attacker");
        try (JwksServer evil = JwksServer.serving(attacker)) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker")
                    .jwkURL(URI.create(evil.url())).build();
            String token = Tokens.sign(header, Tokens.claims().build(), Tokens.signer(attacker));
            assertRefused(authData(token), Refusal.UNKNOWN_KEY);
            assertThat(evil.fetches()).isZero();
        }
    }

    @Test
    void unknownProvidersAreUnsupported() {
        assertThat(providers.supports(PROVIDER)).isTrue();
        assertThat(providers.supports("apple")).isFalse();
        assertThat(providers.supports("anonymous")).isFalse();
        assertThat(providers.supports(null)).isFalse();
        assertThatThrownBy(() -> providers.verify("apple", authData("x")))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.code()).isEqualTo(ParseErrorCode.UNSUPPORTED_SERVICE));
    }
}
