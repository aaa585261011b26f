package io.heliobase.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Password policy (pattern, username, history) and account lockout, as Parse's options of the same names. */
class AccountPolicyIT {
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "HELIOBASE_PASSWORD_POLICY_VALIDATOR_PATTERN", "^(?=.*[0-9]).{6,}$",
                "HELIOBASE_PASSWORD_POLICY_DO_NOT_ALLOW_USERNAME", "true",
                "HELIOBASE_PASSWORD_POLICY_MAX_PASSWORD_HISTORY", "2",
                "HELIOBASE_ACCOUNT_LOCKOUT_THRESHOLD", "3",
                "HELIOBASE_ACCOUNT_LOCKOUT_DURATION", "10"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void passwordsMustMatchThePolicy() {
        Api.Response weak = api.post("/users", "{\"username\":\"pat\",\"password\":\"short\"}");
        assertThat(weak.code()).isEqualTo(142);
        assertThat(weak.get("error").asText()).isEqualTo("Password does not meet the Password Policy requirements.");
        Api.Response withName = api.post("/users", "{\"username\":\"pat\",\"password\":\"pat12345\"}");
        assertThat(withName.code()).isEqualTo(142);
        assertThat(withName.get("error").asText()).isEqualTo("Password cannot contain your username.");
        assertThat(api.post("/users", "{\"username\":\"pat\",\"password\":\"secret1\"}").status()).isEqualTo(201);
    }

    @Test
    void recentPasswordsCannotBeReused() {
        var user = api.post("/users", "{\"username\":\"hist\",\"password\":\"first11\"}").json();
        Api asUser = api.with("X-Parse-Session-Token", user.path("sessionToken").asText());
        String path = "/users/" + user.path("objectId").asText();
        assertThat(asUser.put(path, "{\"password\":\"second2\"}").status()).isEqualTo(200);
        Api.Response reuse = asUser.put(path, "{\"password\":\"first11\"}");
        assertThat(reuse.code()).isEqualTo(142);
        assertThat(reuse.get("error").asText()).contains("last 2 passwords");
        assertThat(asUser.put(path, "{\"password\":\"third33\"}").status()).isEqualTo(200);
        assertThat(asUser.put(path, "{\"password\":\"fourth4\"}").status()).isEqualTo(200);
        assertThat(asUser.put(path, "{\"password\":\"first11\"}").status()).as("older than the history").isEqualTo(200);
    }

    @Test
    void repeatedFailuresLockTheAccount() {
        api.post("/users", "{\"username\":\"lock\",\"password\":\"right99\"}");
        for (int i = 0; i < 3; i++) {
            Api.Response wrong = api.post("/login", "{\"username\":\"lock\",\"password\":\"wrong\"}");
            assertThat(wrong.get("error").asText()).isEqualTo("Invalid username/password.");
        }
        Api.Response locked = api.post("/login", "{\"username\":\"lock\",\"password\":\"right99\"}");
        assertThat(locked.code()).isEqualTo(101);
        assertThat(locked.get("error").asText()).contains("account is locked");
    }

    @Test
    void aSuccessfulLoginResetsTheFailureCount() {
        api.post("/users", "{\"username\":\"reset\",\"password\":\"right99\"}");
        api.post("/login", "{\"username\":\"reset\",\"password\":\"wrong\"}");
        api.post("/login", "{\"username\":\"reset\",\"password\":\"wrong\"}");
        assertThat(api.post("/login", "{\"username\":\"reset\",\"password\":\"right99\"}").status()).isEqualTo(200);
        api.post("/login", "{\"username\":\"reset\",\"password\":\"wrong\"}");
        assertThat(api.post("/login", "{\"username\":\"reset\",\"password\":\"right99\"}").status()).isEqualTo(200);
    }
}
