package io.heliobase.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sign-up, login, sessions and the privacy of users, as the Parse SDKs expect them. */
class UsersApiIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api api = server.api();

    private static JsonNode signUp(String username, String password, String email) {
        Api.Response response = api.post("/users", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\"" + (email == null ? "" : ",\"email\":\"" + email + "\"") + "}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json();
    }

    @Test
    void signUpLogInMeAndLogOut() {
        JsonNode created = signUp("ada", "s3cret!", "ada@example.com");
        assertThat(created.path("sessionToken").asText()).matches("r:[0-9a-f]{32}");
        Api.Response login = api.post("/login", "{\"username\":\"ada\",\"password\":\"s3cret!\"}");
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        assertThat(login.get("objectId").asText()).isEqualTo(created.path("objectId").asText());
        assertThat(login.get("email").asText()).isEqualTo("ada@example.com");
        assertThat(login.json().has("password") || login.json().has("_hashed_password")).isFalse();
        String token = login.get("sessionToken").asText();
        Api asAda = api.with("X-Parse-Session-Token", token);
        Api.Response me = asAda.get("/users/me");
        assertThat(me.get("username").asText()).isEqualTo("ada");
        assertThat(me.get("sessionToken").asText()).isEqualTo(token);
        assertThat(asAda.get("/sessions/me").get("sessionToken").asText()).isEqualTo(token);
        assertThat(asAda.post("/logout", "{}").status()).isEqualTo(200);
        Api.Response after = asAda.get("/users/me");
        assertThat(after.code()).isEqualTo(209);
    }

    @Test
    void oneSessionPerInstallation() {
        Api device = api.with("X-Parse-Installation-Id", "device-1");
        String first = device.post("/users", "{\"username\":\"ines\",\"password\":\"pw\"}").get("sessionToken").asText();
        Api asFirst = api.with("X-Parse-Session-Token", first);
        assertThat(asFirst.get("/sessions/me").get("installationId").asText()).isEqualTo("device-1");
        String second = device.post("/login", "{\"username\":\"ines\",\"password\":\"pw\"}").get("sessionToken").asText();
        assertThat(asFirst.get("/users/me").code()).as("the same device's older session is replaced").isEqualTo(209);
        assertThat(api.with("X-Parse-Session-Token", second).get("/users/me").status()).isEqualTo(200);
        String other = api.with("X-Parse-Installation-Id", "device-2")
                .post("/login", "{\"username\":\"ines\",\"password\":\"pw\"}").get("sessionToken").asText();
        assertThat(api.with("X-Parse-Session-Token", second).get("/users/me").status()).isEqualTo(200);
        assertThat(api.with("X-Parse-Session-Token", other).get("/users/me").status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsAndUnknownUsersLookTheSame() {
        signUp("bob", "right-one", null);
        Api.Response wrong = api.post("/login", "{\"username\":\"bob\",\"password\":\"wrong\"}");
        Api.Response unknown = api.post("/login", "{\"username\":\"nobody\",\"password\":\"wrong\"}");
        assertThat(wrong.status()).isEqualTo(404);
        assertThat(wrong.json()).isEqualTo(unknown.json());
        assertThat(wrong.get("error").asText()).isEqualTo("Invalid username/password.");
        assertThat(api.get("/login?username=bob&password=right-one").status()).isEqualTo(200);
    }

    @Test
    void usernamesAndEmailsAreUniqueIgnoringCase() {
        signUp("Carol", "pw", "carol@example.com");
        assertThat(api.post("/users", "{\"username\":\"carol\",\"password\":\"pw\"}").code()).isEqualTo(202);
        assertThat(api.post("/users", "{\"username\":\"carol2\",\"password\":\"pw\",\"email\":\"CAROL@example.com\"}")
                .code()).isEqualTo(203);
        assertThat(api.post("/users", "{\"username\":\"x\",\"password\":\"pw\",\"email\":\"not-an-email\"}").code())
                .isEqualTo(125);
        assertThat(api.post("/users", "{\"password\":\"pw\"}").code()).isEqualTo(200);
        assertThat(api.post("/users", "{\"username\":\"nopw\"}").code()).isEqualTo(201);
    }

    @Test
    void usersArePrivateAndEmailIsHidden() {
        JsonNode dan = signUp("dan", "pw", "dan@example.com");
        String danId = dan.path("objectId").asText();
        assertThat(api.get("/users/" + danId).code()).as("private by default").isEqualTo(101);
        JsonNode eve = signUp("eve", "pw", "eve@example.com");
        Api asEve = api.with("X-Parse-Session-Token", eve.path("sessionToken").asText());
        assertThat(asEve.get("/users/" + danId).code()).isEqualTo(101);
        Api.Response update = asEve.put("/users/" + danId, "{\"username\":\"owned\"}");
        assertThat(update.status()).isEqualTo(400);
        assertThat(update.code()).isEqualTo(206);
        Api.Response master = server.master().get("/users/" + danId);
        assertThat(master.get("email").asText()).isEqualTo("dan@example.com");
        assertThat(master.json().has("_hashed_password") || master.json().has("password")).isFalse();
        server.master().put("/users/" + danId, "{\"ACL\":{\"*\":{\"read\":true}}}");
        Api.Response publicView = asEve.get("/users/" + danId);
        assertThat(publicView.get("username").asText()).isEqualTo("dan");
        assertThat(publicView.json().has("email")).as("email is a protected field").isFalse();
        assertThat(asEve.find("_User", "{\"username\":\"dan\"}").get("results").get(0).has("email")).isFalse();
    }

    @Test
    void passwordChangeRevokesOtherSessions() {
        JsonNode fay = signUp("fay", "old", null);
        String first = fay.path("sessionToken").asText();
        String second = api.post("/login", "{\"username\":\"fay\",\"password\":\"old\"}").get("sessionToken").asText();
        Api asSecond = api.with("X-Parse-Session-Token", second);
        assertThat(asSecond.put("/users/" + fay.path("objectId").asText(), "{\"password\":\"new\"}").status())
                .isEqualTo(200);
        assertThat(api.with("X-Parse-Session-Token", first).get("/users/me").code()).isEqualTo(209);
        assertThat(asSecond.get("/users/me").status()).isEqualTo(200);
        assertThat(api.post("/login", "{\"username\":\"fay\",\"password\":\"new\"}").status()).isEqualTo(200);
    }

    @Test
    void sessionsAreVisibleOnlyToTheirOwner() {
        JsonNode gus = signUp("gus", "pw", null);
        JsonNode hal = signUp("hal", "pw", null);
        Api asGus = api.with("X-Parse-Session-Token", gus.path("sessionToken").asText());
        Api asHal = api.with("X-Parse-Session-Token", hal.path("sessionToken").asText());
        JsonNode gusSessions = asGus.get("/sessions").get("results");
        assertThat(gusSessions).hasSize(1);
        String gusSession = gusSessions.get(0).path("objectId").asText();
        assertThat(asHal.get("/sessions/" + gusSession).code()).isEqualTo(101);
        assertThat(asHal.delete("/sessions/" + gusSession).code()).isEqualTo(101);
        assertThat(asHal.find("_Session", null).get("results")).hasSize(1);
        assertThat(api.get("/sessions").code()).isEqualTo(209);
        assertThat(asGus.post("/sessions", "{}").code()).isEqualTo(119);
    }

    @Test
    void anonymousUsersSignUpAndLogInAgainWithTheSameId() {
        Api.Response first = api.post("/users", "{\"authData\":{\"anonymous\":{\"id\":\"anon-123\"}}}");
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(first.get("username").asText()).hasSize(25);
        Api.Response again = api.post("/users", "{\"authData\":{\"anonymous\":{\"id\":\"anon-123\"}}}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.get("objectId").asText()).isEqualTo(first.get("objectId").asText());
        Api.Response unsupported = api.post("/users", "{\"authData\":{\"facebook\":{\"id\":\"1\",\"access_token\":\"x\"}}}");
        assertThat(unsupported.code()).isEqualTo(252);
    }

    @Test
    void rolesGrantAccessThroughInheritance() {
        JsonNode ivy = signUp("ivy", "pw", null);
        String ivyId = ivy.path("objectId").asText();
        Api asIvy = api.with("X-Parse-Session-Token", ivy.path("sessionToken").asText());
        Api master = server.master();
        String staff = master.post("/roles", "{\"name\":\"Staff\",\"ACL\":{\"*\":{\"read\":true}},"
                + "\"users\":{\"__op\":\"AddRelation\",\"objects\":[{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\""
                + ivyId + "\"}]}}").get("objectId").asText();
        master.post("/roles", "{\"name\":\"Admins\",\"ACL\":{\"*\":{\"read\":true}},"
                + "\"roles\":{\"__op\":\"AddRelation\",\"objects\":[{\"__type\":\"Pointer\",\"className\":\"_Role\",\"objectId\":\""
                + staff + "\"}]}}");
        String doc = master.post("/classes/AdminDoc", "{\"v\":1,\"ACL\":{\"role:Admins\":{\"read\":true}}}")
                .get("objectId").asText();
        assertThat(asIvy.get("/classes/AdminDoc/" + doc).get("v").asInt()).isEqualTo(1);
        assertThat(api.get("/classes/AdminDoc/" + doc).code()).isEqualTo(101);
        assertThat(master.post("/roles", "{\"name\":\"Staff\",\"ACL\":{}}").code()).isEqualTo(137);
        assertThat(master.post("/roles", "{\"name\":\"bad/name\",\"ACL\":{}}").code()).isEqualTo(139);
        assertThat(master.put("/roles/" + staff, "{\"name\":\"Renamed\"}").code()).isEqualTo(139);
    }

    @Test
    void installationsCannotBeListedOrDeletedByClients() {
        Api.Response created = api.post("/installations", "{\"installationId\":\"inst-1\",\"deviceType\":\"android\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.get("objectId").asText();
        assertThat(api.get("/installations/" + id).get("deviceType").asText()).isEqualTo("android");
        assertThat(api.get("/installations").code()).isEqualTo(119);
        assertThat(api.delete("/installations/" + id).code()).isEqualTo(119);
        assertThat(api.post("/installations", "{\"deviceType\":\"ios\"}").code()).isEqualTo(135);
    }

    @Test
    void classLevelProtectedFieldsAreRemovedForClients() {
        Api master = server.master();
        master.post("/schemas/Profile", "{\"classLevelPermissions\":{\"protectedFields\":{\"*\":[\"secret\"]}}}");
        String id = master.post("/classes/Profile", "{\"name\":\"p\",\"secret\":\"ssh\"}").get("objectId").asText();
        assertThat(api.get("/classes/Profile/" + id).json().has("secret")).isFalse();
        assertThat(api.find("Profile", null).get("results").get(0).has("secret")).isFalse();
        assertThat(master.get("/classes/Profile/" + id).get("secret").asText()).isEqualTo("ssh");
    }
}
