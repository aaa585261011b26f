package io.heliobase.server.auth.oidc;

import static io.heliobase.server.auth.oidc.AuthProvidersTest.PROVIDER;
import static io.heliobase.server.auth.oidc.AuthProvidersTest.authData;
import static io.heliobase.server.auth.oidc.AuthProvidersTest.providersFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How provider keys are fetched: once and cached, again on rotation, rate-limited, and never waited on for long. */
class KeyFetchingTest {
    private static RSAKey oldKey;
    private static RSAKey newKey;

    @BeforeAll
    static void keys() {
        oldKey = Tokens.rsaKey("2024-key");
        newKey = Tokens.rsaKey("2025-key");
    }

    @Test
    void manyLoginsFetchTheKeysOnce() throws Exception {
        try (JwksServer jwks = JwksServer.serving(oldKey); AuthProviders providers = providersFor(jwks.url())) {
            String token = Tokens.rs256(oldKey, Tokens.claims().build());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> logins = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    logins.add(pool.submit(() -> providers.verify(PROVIDER, authData(token))));
                }
                for (Future<String> login : logins) {
                    assertThat(login.get()).isEqualTo(Tokens.SUBJECT);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(jwks.fetches()).isEqualTo(1);
        }
    }

    @Test
    void aRotatedKeyIsPickedUpAndTheRetiredKeyThenFails() {
        try (JwksServer jwks = JwksServer.serving(oldKey); AuthProviders providers = providersFor(jwks.url())) {
            String oldToken = Tokens.rs256(oldKey, Tokens.claims().build());
            assertThat(providers.verify(PROVIDER, authData(oldToken))).isEqualTo(Tokens.SUBJECT);

            jwks.publish(newKey);
            String newToken = Tokens.rs256(newKey, Tokens.claims().build());
            assertThat(providers.verify(PROVIDER, authData(newToken))).isEqualTo(Tokens.SUBJECT);
            assertThat(jwks.fetches()).as("the unknown kid caused one refetch").isEqualTo(2);

            assertRefused(providers, oldToken, Refusal.KEYS_RATE_LIMITED);
            assertThat(jwks.fetches()).as("a second refetch within the interval is rate-limited").isEqualTo(2);
            assertThat(providers.verify(PROVIDER, authData(newToken))).isEqualTo(Tokens.SUBJECT);
            try (AuthProviders restarted = providersFor(jwks.url())) {
                assertRefused(restarted, oldToken, Refusal.UNKNOWN_KEY);
            }
        }
    }

    private static void assertRefused(AuthProviders providers, String token, Refusal refusal) {
        assertThatThrownBy(() -> providers.verify(PROVIDER, authData(token)))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.code()).isEqualTo(ParseErrorCode.OBJECT_NOT_FOUND))
                .hasMessageContaining(refusal.reason());
    }

    @Test
    void tokensWithMadeUpKeyIdsCannotMakeUsHammerTheProvider() {
        try (JwksServer jwks = JwksServer.serving(oldKey); AuthProviders providers = providersFor(jwks.url())) {
            for (int i = 0; i < 20; i++) {
                RSAKey bogus = new RSAKey.Builder(oldKey).keyID("bogus-" + i).build();
                String token = Tokens.rs256(bogus, Tokens.claims().build());
                assertThatThrownBy(() -> providers.verify(PROVIDER, authData(token)))
                        .isInstanceOf(ParseException.class);
            }
            assertThat(jwks.fetches()).as("at most two fetches per rate-limit interval").isLessThanOrEqualTo(2);
            String good = Tokens.rs256(oldKey, Tokens.claims().build());
            assertThat(providers.verify(PROVIDER, authData(good))).isEqualTo(Tokens.SUBJECT);
        }
    }

    @Test
    void aRefusedConnectionFailsFastWith101() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertUnreachableRefusedWithin("http://127.0.0.1:" + closedPort + "/keys", Duration.ofSeconds(3));
    }

    @Test
    void aJwksServerThatNeverAnswersFailsWithinTheReadTimeout() throws IOException {
        // the kernel accepts the connection into the backlog; nothing ever reads or answers it
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // two 500 ms read timeouts (the fetch and its retry), with room for a loaded CI machine
            assertUnreachableRefusedWithin("http://127.0.0.1:" + silent.getLocalPort() + "/keys",
                    Duration.ofSeconds(4));
        }
    }

    @Test
    void productionTimeoutsStayWithinFiveSeconds() {
        assertThat(JwksSettings.DEFAULTS.connectTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(JwksSettings.DEFAULTS.readTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(JwksSettings.DEFAULTS.sizeLimitBytes()).isLessThanOrEqualTo(1024 * 1024);
    }

    private static void assertUnreachableRefusedWithin(String url, Duration bound) {
        try (AuthProviders providers = providersFor(url)) {
            String token = Tokens.rs256(oldKey, Tokens.claims().build());
            long start = System.nanoTime();
            assertRefused(providers, token, Refusal.KEYS_UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(bound);
        }
    }
}
