package io.heliobase.server.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /functions/:name over the sandboxed cloud code, as Parse.Cloud.run calls it. */
class FunctionsApiIT {
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        Path cloud = Files.createTempDirectory("cloud-main").resolve("main.js");
        Files.writeString(cloud, """
                Parse.Cloud.define('hello', (request) => ({ hi: request.params.name, master: request.master,
                  user: request.user ? request.user.get('username') : null }));
                Parse.Cloud.define('boom', () => { throw new Error('exploded'); });
                Parse.Cloud.define('spin', () => { for (;;) {} });
                Parse.Cloud.define('onlyUsers', () => 'ok', { requireUser: true });
                Parse.Cloud.define('usersEvenForMaster', () => 'ok', { requireUser: true, validateMasterKey: true });
                Parse.Cloud.define('onlyAdmins', (request) => Object.keys(request).includes('__roles') ? 'leaked' : 'ok',
                  { requireAnyUserRoles: ['Admin', 'Owner'] });
                Parse.Cloud.define('secretsOf', (request) => Object.keys(request.user.toJSON()).filter(
                  (key) => key.startsWith('_') || key === 'password' || key === 'authData'));
                Parse.Cloud.define('myToken', (request) => request.user.getSessionToken());
                Parse.Cloud.define('leaky', (request) => {
                  console.log('looking up ada.lovelace@example.com');
                  throw new Parse.Error(141, 'no account for ada.lovelace@example.com');
                });
                """);
        server = TestServer.start(Map.of("HELIOBASE_CLOUD", cloud.toString(), "HELIOBASE_CLOUD_FUNCTION_TIMEOUT", "1000"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void functionsAnswerWithResult() {
        Api.Response response = api.post("/functions/hello", "{\"name\":\"ada\"}");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"result\":{\"hi\":\"ada\",\"master\":false,\"user\":null}}");
        String token = api.post("/users", "{\"username\":\"caller\",\"password\":\"pw\"}").get("sessionToken").asText();
        assertThat(api.with("X-Parse-Session-Token", token).post("/functions/hello", "{}").json()
                .path("result").path("user").asText()).isEqualTo("caller");
        assertThat(server.master().post("/functions/hello", "{}").json().path("result").path("master").asBoolean())
                .isTrue();
    }

    @Test
    void failuresAreParseErrors() {
        Api.Response boom = api.post("/functions/boom", "{}");
        assertThat(boom.status()).isEqualTo(400);
        assertThat(boom.json().toString()).isEqualTo("{\"code\":141,\"error\":\"exploded\"}");
        assertThat(api.post("/functions/missing", "{}").get("error").asText()).isEqualTo("Invalid function: \"missing\"");
        assertThat(api.post("/functions/onlyUsers", "{}").code()).isEqualTo(142);
        assertThat(server.master().post("/functions/onlyUsers", "{}").status()).as("master skips validators").isEqualTo(200);
        assertThat(server.master().post("/functions/usersEvenForMaster", "{}").code()).isEqualTo(142);
        Api.Response spin = api.post("/functions/spin", "{}");
        assertThat(spin.code()).isEqualTo(141);
        assertThat(spin.get("error").asText()).contains("stopped");
        assertThat(api.post("/functions/hello", "{\"name\":\"after\"}").status()).as("still serving").isEqualTo(200);
    }

    @Test
    void roleValidatorsCheckTheCallersRoles() {
        String admin = api.post("/users", "{\"username\":\"admin-caller\",\"password\":\"pw\"}").get("objectId").asText();
        String adminToken = api.post("/login", "{\"username\":\"admin-caller\",\"password\":\"pw\"}")
                .get("sessionToken").asText();
        String otherToken = api.post("/users", "{\"username\":\"plain-caller\",\"password\":\"pw\"}")
                .get("sessionToken").asText();
        Api.Response role = server.master().post("/roles", "{\"name\":\"Owner\",\"ACL\":{\"*\":{\"read\":true}},"
                + "\"users\":{\"__op\":\"AddRelation\",\"objects\":[{\"__type\":\"Pointer\",\"className\":\"_User\","
                + "\"objectId\":\"" + admin + "\"}]}}");
        assertThat(role.status()).as(role.text()).isEqualTo(201);

        Api.Response allowed = api.with("X-Parse-Session-Token", adminToken).post("/functions/onlyAdmins", "{}");
        assertThat(allowed.json().toString()).as("roles reach the validator, not the handler")
                .isEqualTo("{\"result\":\"ok\"}");
        Api.Response refused = api.with("X-Parse-Session-Token", otherToken).post("/functions/onlyAdmins", "{}");
        assertThat(refused.json().toString()).isEqualTo(
                "{\"code\":142,\"error\":\"Validation failed. User does not match the required roles.\"}");
        assertThat(api.post("/functions/onlyAdmins", "{}").code()).isEqualTo(142);
        assertThat(server.master().post("/functions/onlyAdmins", "{}").get("result").asText()).isEqualTo("ok");
        assertThat(api.with("X-Parse-Session-Token", otherToken).post("/functions/secretsOf", "{}").get("result"))
                .as("request.user holds no secrets").isEmpty();
        assertThat(api.with("X-Parse-Session-Token", otherToken).post("/functions/myToken", "{}").get("result").asText())
                .as("request.user.getSessionToken(), for queries with the caller's rights").isEqualTo(otherToken);
    }

    @Test
    void errorMessagesAreScrubbedOfPersonalData() {
        Api.Response leaky = api.post("/functions/leaky", "{}");
        assertThat(leaky.code()).isEqualTo(141);
        assertThat(leaky.json().path("error").asText()).isEqualTo("no account for <EMAIL>");
    }
}
