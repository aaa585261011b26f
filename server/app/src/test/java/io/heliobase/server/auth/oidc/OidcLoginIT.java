package io.heliobase.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with an OpenID Connect provider end to end: the SDK's logInWith (POST /users with authData), a second
 * login finding the same user, linking, refusals, and what is stored (the subject, never the token).
 */
class OidcLoginIT {
    private static final RSAKey KEY = Tokens.rsaKey("it-key");
    private static final RSAKey STRANGER = Tokens.rsaKey("it-key");
    private static JwksServer jwks;
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() {
        jwks = JwksServer.serving(KEY);
        server = TestServer.start(Map.of("HELIOBASE_AUTH_OIDC_ACME_ISSUER", Tokens.ISSUER,
                "HELIOBASE_AUTH_OIDC_ACME_CLIENT_IDS", Tokens.CLIENT_ID,
                "HELIOBASE_AUTH_OIDC_ACME_JWKS_URL", jwks.url()));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
        jwks.close();
    }

    private static String authData(String subject, RSAKey key) {
        String token = Tokens.rs256(key, Tokens.claims().subject(subject).build());
        return "{\"authData\":{\"acme\":{\"id\":\"" + subject + "\",\"id_token\":\"" + token + "\"}}}";
    }

    @Test
    void signInCreatesTheUserOnceAndLogsInAfterwards() {
        Api.Response first = api.post("/users", authData("sub-1", KEY));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        String userId = first.get("objectId").asText();
        assertThat(first.get("sessionToken").asText()).startsWith("r:");
        Api.Response again = api.post("/users", authData("sub-1", KEY));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.get("objectId").asText()).isEqualTo(userId);
        var stored = server.master().get("/users/" + userId).json();
        assertThat(stored.path("authData").toString()).isEqualTo("{\"acme\":{\"id\":\"sub-1\"}}");
        assertThat(stored.toString()).doesNotContain("eyJ");
        Api asUser = api.with("X-Parse-Session-Token", again.get("sessionToken").asText());
        assertThat(asUser.get("/sessions/me").get("createdWith").path("authProvider").asText()).isEqualTo("acme");
    }

    @Test
    void forgedOrMismatchedTokensAreRefused() {
        assertThat(api.post("/users", authData("sub-2", STRANGER)).code()).as("wrong key").isEqualTo(101);
        String token = Tokens.rs256(KEY, Tokens.claims().subject("someone-else").build());
        assertThat(api.post("/users", "{\"authData\":{\"acme\":{\"id\":\"sub-2\",\"id_token\":\"" + token + "\"}}}")
                .code()).as("id is not the token's subject").isEqualTo(101);
        assertThat(api.post("/users", "{\"authData\":{\"acme\":{\"id\":\"sub-2\"}}}").code())
                .as("partial authData without a token").isEqualTo(101);
        assertThat(api.post("/users", "{\"authData\":{\"unknown\":{\"id\":\"x\"}}}").code()).isEqualTo(252);
        assertThat(server.master().find("_User", "{\"authData.acme.id\":\"sub-2\"}").get("results")).isEmpty();
    }

    @Test
    void linkingNeedsAFreshTokenAndAnAccountNotUsedByAnother() {
        Api.Response owner = api.post("/users", authData("sub-3", KEY));
        Api.Response other = api.post("/users", "{\"username\":\"linker\",\"password\":\"pw\"}");
        Api asOther = api.with("X-Parse-Session-Token", other.get("sessionToken").asText());
        String otherId = other.get("objectId").asText();
        Api.Response taken = asOther.put("/users/" + otherId, authData("sub-3", KEY));
        assertThat(taken.code()).isEqualTo(208);
        assertThat(asOther.put("/users/" + otherId, "{\"authData\":{\"acme\":{\"id\":\"sub-4\"}}}").code())
                .as("stale or partial authData on update is verified too").isEqualTo(101);
        assertThat(asOther.put("/users/" + otherId, authData("sub-4", KEY)).status()).isEqualTo(200);
        Api.Response viaLink = api.post("/users", authData("sub-4", KEY));
        assertThat(viaLink.get("objectId").asText()).isEqualTo(otherId);
        assertThat(owner.status()).isEqualTo(201);
    }
}
