package io.heliobase.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which providers a configuration turns on, and which configurations are refused at startup. */
class ProviderConfigsTest {

    @Test
    void appleAndGoogleUseTheirPublishedIssuersAndKeys() {
        List<ProviderConfig> providers = ProviderConfigs.fromEnv(Map.of(
                "HELIOBASE_AUTH_APPLE_CLIENT_IDS", "com.example.ios,com.example.web",
                "HELIOBASE_AUTH_GOOGLE_CLIENT_IDS", "123.apps.googleusercontent.com"));
        assertThat(providers).extracting(ProviderConfig::name).containsExactly("apple", "google");
        ProviderConfig apple = providers.get(0);
        assertThat(apple.issuers()).containsExactly("https://appleid.apple.com");
        assertThat(apple.clientIds()).containsExactlyInAnyOrder("com.example.ios", "com.example.web");
        assertThat(apple.jwksUrl()).isEqualTo(URI.create("https://appleid.apple.com/auth/keys"));
        assertThat(apple.tokenFields()).containsExactly("id_token", "token");
        ProviderConfig google = providers.get(1);
        assertThat(google.issuers()).containsExactlyInAnyOrder("https://accounts.google.com", "accounts.google.com");
        assertThat(google.jwksUrl()).isEqualTo(URI.create("https://www.googleapis.com/oauth2/v3/certs"));
    }

    @Test
    void aProviderWithoutClientIdsStaysOff() {
        assertThat(ProviderConfigs.fromEnv(Map.of())).isEmpty();
        assertThat(ProviderConfigs.fromEnv(Map.of("HELIOBASE_AUTH_APPLE_CLIENT_IDS", " , ",
                "HELIOBASE_AUTH_GOOGLE_JWKS_URL", "https://keys.example.test/",
                "HELIOBASE_AUTH_OIDC_CORP_ISSUER", "https://corp.example.test",
                "HELIOBASE_AUTH_OIDC_CORP_JWKS_URL", "https://corp.example.test/jwks"))).isEmpty();
    }

    @Test
    void aGenericProviderIsNamedByItsLowerCasedKey() {
        List<ProviderConfig> providers = ProviderConfigs.fromEnv(Map.of(
                "HELIOBASE_AUTH_OIDC_MY_IDP_ISSUER", "https://idp.example.test",
                "HELIOBASE_AUTH_OIDC_MY_IDP_CLIENT_IDS", "a, b",
                "HELIOBASE_AUTH_OIDC_MY_IDP_JWKS_URL", "https://idp.example.test/jwks"));
        assertThat(providers).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("my_idp");
            assertThat(p.issuers()).isEqualTo(Set.of("https://idp.example.test"));
            assertThat(p.clientIds()).isEqualTo(Set.of("a", "b"));
            assertThat(p.tokenFields()).containsExactly("id_token");
        });
    }

    @Test
    void halfSetMisspeltOrUnsafeProvidersFailStartup() {
        assertRejected(Map.of("HELIOBASE_AUTH_OIDC_CORP_CLIENT_IDS", "a",
                "HELIOBASE_AUTH_OIDC_CORP_JWKS_URL", "https://corp.example.test/jwks"), "_ISSUER is required");
        assertRejected(Map.of("HELIOBASE_AUTH_OIDC_CORP_CLIENT_IDS", "a",
                "HELIOBASE_AUTH_OIDC_CORP_ISSUER", "https://corp.example.test"), "_JWKS_URL is required");
        assertRejected(Map.of("HELIOBASE_AUTH_APPLE_CLIENT_ID", "com.example"), "unknown setting");
        assertRejected(Map.of("HELIOBASE_AUTH_OIDC_CORP_CLIENTID", "a"), "unknown setting");
        assertRejected(Map.of("HELIOBASE_AUTH_OIDC_APPLE_ISSUER", "https://x", "HELIOBASE_AUTH_OIDC_APPLE_CLIENT_IDS",
                "a", "HELIOBASE_AUTH_OIDC_APPLE_JWKS_URL", "https://x/jwks"), "reserved");
        assertRejected(Map.of("HELIOBASE_AUTH_GOOGLE_CLIENT_IDS", "a",
                "HELIOBASE_AUTH_GOOGLE_JWKS_URL", "http://keys.example.test/certs"), "https");
        assertRejected(Map.of("HELIOBASE_AUTH_GOOGLE_CLIENT_IDS", "a",
                "HELIOBASE_AUTH_GOOGLE_JWKS_URL", "file:///etc/passwd"), "https");
    }

    @Test
    void aLoopbackJwksMayUsePlainHttpForTests() {
        assertThat(ProviderConfigs.fromEnv(Map.of("HELIOBASE_AUTH_APPLE_CLIENT_IDS", "a",
                "HELIOBASE_AUTH_APPLE_JWKS_URL", "http://127.0.0.1:8080/keys")))
                .singleElement().extracting(ProviderConfig::jwksUrl)
                .isEqualTo(URI.create("http://127.0.0.1:8080/keys"));
    }

    private static void assertRejected(Map<String, String> env, String message) {
        assertThatThrownBy(() -> ProviderConfigs.fromEnv(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
