package io.heliobase.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per way data could escape, after the security advisories Parse Server had (PROTOCOL.md §8). Each one is a
 * request against Heliobase that must be refused or must not carry the protected data. Live-query leaks are covered
 * with the live-query issue.
 */
class LeakSuiteIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api api = server.api();
    private static Api asMallory;
    private static String profileId;
    private static String aliceId;

    @BeforeAll
    static void seed() {
        Api master = server.master();
        JsonNode alice = api.post("/users", "{\"username\":\"alice\",\"password\":\"pw\",\"email\":\"alice@example.com\"}").json();
        aliceId = alice.path("objectId").asText();
        master.put("/users/" + aliceId, "{\"ACL\":{\"*\":{\"read\":true}}}");
        JsonNode mallory = api.post("/users", "{\"username\":\"mallory\",\"password\":\"pw\"}").json();
        asMallory = api.with("X-Parse-Session-Token", mallory.path("sessionToken").asText());
        master.post("/schemas/Vault", "{\"classLevelPermissions\":{\"protectedFields\":{\"*\":[\"pin\",\"holder\"]}}}");
        master.post("/classes/Holder", "{\"name\":\"secret holder\"}");
        String holder = master.find("Holder", null).get("results").get(0).path("objectId").asText();
        profileId = master.post("/classes/Vault", "{\"label\":\"v\",\"pin\":\"1234\",\"nested\":{\"a\":1},"
                + "\"holder\":{\"__type\":\"Pointer\",\"className\":\"Holder\",\"objectId\":\"" + holder + "\"}}")
                .get("objectId").asText();
        master.post("/classes/Probe", "{\"vault\":{\"__type\":\"Pointer\",\"className\":\"Vault\",\"objectId\":\""
                + profileId + "\"},\"code\":\"1234\"}");
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"pin\":\"1234\"}",
        "{\"pin\":{\"$regex\":\"^1\"}}",
        "{\"pin\":{\"$exists\":true}}",
        "{\"pin\":{\"$gt\":\"1\"}}",
        "{\"pin.length\":4}",
        "{\"$or\":[{\"label\":\"x\"},{\"pin\":\"1234\"}]}",
        "{\"$and\":[{\"label\":\"v\"},{\"pin\":{\"$in\":[\"1234\"]}}]}",
        "{\"$nor\":[{\"pin\":\"0000\"}]}",
        "{\"holder\":{\"$exists\":true}}",
    })
    void protectedFieldsCannotBeProbedThroughWhere(String where) {
        Api.Response response = api.find("Vault", where);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.code()).isEqualTo(119);
        Api.Response counted = api.find("Vault", where, "count", "1", "limit", "0");
        assertThat(counted.code()).as("count is a side channel too").isEqualTo(119);
    }

    @Test
    void protectedFieldsCannotBeProbedThroughOrder() {
        assertThat(api.find("Vault", null, "order", "pin").code()).isEqualTo(119);
        assertThat(api.find("Vault", null, "order", "-pin.x").code()).isEqualTo(119);
    }

    @Test
    void protectedFieldsCannotBeProbedThroughSubqueries() {
        String inQuery = "{\"vault\":{\"$inQuery\":{\"className\":\"Vault\",\"where\":{\"pin\":\"1234\"}}}}";
        assertThat(api.find("Probe", inQuery).code()).isEqualTo(119);
        String select = "{\"code\":{\"$select\":{\"query\":{\"className\":\"Vault\",\"where\":{}},\"key\":\"pin\"}}}";
        assertThat(api.find("Probe", select).code()).isEqualTo(119);
        String dontSelect = "{\"code\":{\"$dontSelect\":{\"query\":{\"className\":\"Vault\",\"where\":{}},\"key\":\"pin\"}}}";
        assertThat(api.find("Probe", dontSelect).code()).isEqualTo(119);
    }

    @Test
    void protectedFieldsAreAbsentFromKeysGetFindAndIncludes() {
        assertThat(api.get("/classes/Vault/" + profileId + "?keys=pin,label").json().has("pin")).isFalse();
        JsonNode found = api.find("Vault", null).get("results").get(0);
        assertThat(found.has("pin") || found.has("holder")).isFalse();
        JsonNode included = api.get("/classes/Vault/" + profileId + "?include=holder").json();
        assertThat(included.has("holder")).as("a protected pointer is not included either").isFalse();
        JsonNode viaProbe = api.find("Probe", null, "include", "vault").get("results").get(0).path("vault");
        assertThat(viaProbe.path("label").asText()).isEqualTo("v");
        assertThat(viaProbe.has("pin")).as("protected fields of an included object").isFalse();
        assertThat(server.master().get("/classes/Vault/" + profileId).get("pin").asText()).isEqualTo("1234");
    }

    @Test
    void userEmailsAndAuthDataCannotBeEnumerated() {
        assertThat(asMallory.find("_User", "{\"email\":\"alice@example.com\"}").code()).isEqualTo(119);
        assertThat(asMallory.find("_User", "{\"email\":{\"$regex\":\"^a\"}}").code()).isEqualTo(119);
        assertThat(asMallory.find("_User", "{\"authData.anonymous.id\":\"x\"}").code()).isEqualTo(119);
        assertThat(asMallory.find("_User", null, "order", "email").code()).isEqualTo(119);
        JsonNode alice = asMallory.get("/users/" + aliceId).json();
        assertThat(alice.path("username").asText()).isEqualTo("alice");
        assertThat(alice.has("email") || alice.has("authData") || alice.has("sessionToken")).isFalse();
        assertThat(asMallory.find("_User", "{\"_hashed_password\":{\"$exists\":true}}").code()).isEqualTo(105);
    }

    @Test
    void sessionsMeAndUsersMeShowOnlyTheCallersOwnData() {
        JsonNode session = asMallory.get("/sessions/me").json();
        assertThat(session.path("user").path("__type").asText()).isEqualTo("Pointer");
        assertThat(session.path("user").has("username")).as("no user fields through /sessions/me").isFalse();
        JsonNode me = asMallory.get("/users/me").json();
        assertThat(me.path("username").asText()).isEqualTo("mallory");
        assertThat(me.has("_hashed_password") || me.has("password")).isFalse();
        assertThat(asMallory.find("_Session", null).get("results")).allSatisfy(
                s -> assertThat(s.path("user").path("objectId").asText()).isNotEqualTo(aliceId));
    }

    @Test
    void internalUserFieldsCannotBeWritten() {
        String mine = asMallory.get("/users/me").get("objectId").asText();
        assertThat(asMallory.put("/users/" + mine, "{\"_hashed_password\":\"$2b$10$x\"}").code()).isEqualTo(105);
        assertThat(asMallory.put("/users/" + mine, "{\"emailVerified\":true}").code()).isEqualTo(119);
        assertThat(asMallory.put("/users/" + mine, "{\"authData\":{\"anonymous\":{}}}").code()).isEqualTo(251);
        assertThat(asMallory.post("/classes/_User", "{\"username\":\"x2\",\"password\":\"p\",\"_rperm\":[\"*\"]}").code())
                .isEqualTo(105);
    }

    @Test
    void pointerPermissionsLimitReadsAndWritesToTheOwner() {
        Api master = server.master();
        master.post("/schemas/Diary", "{\"fields\":{\"owner\":{\"type\":\"Pointer\",\"targetClass\":\"_User\"}},"
                + "\"classLevelPermissions\":{\"find\":{},\"get\":{},\"update\":{},\"delete\":{},\"create\":{\"*\":true},"
                + "\"readUserFields\":[\"owner\"],\"writeUserFields\":[\"owner\"]}}");
        String aliceDiary = master.post("/classes/Diary", "{\"text\":\"alice's\",\"owner\":{\"__type\":\"Pointer\","
                + "\"className\":\"_User\",\"objectId\":\"" + aliceId + "\"}}").get("objectId").asText();
        assertThat(asMallory.find("Diary", null).get("results")).isEmpty();
        assertThat(asMallory.get("/classes/Diary/" + aliceDiary).code()).isEqualTo(101);
        assertThat(asMallory.put("/classes/Diary/" + aliceDiary, "{\"text\":\"defaced\"}").code()).isEqualTo(101);
        assertThat(asMallory.delete("/classes/Diary/" + aliceDiary).code()).isEqualTo(101);
        assertThat(api.find("Diary", null).code()).as("no session, no pointer match").isEqualTo(119);
        Api asAlice = api.with("X-Parse-Session-Token",
                api.post("/login", "{\"username\":\"alice\",\"password\":\"pw\"}").get("sessionToken").asText());
        assertThat(asAlice.find("Diary", null).get("results")).hasSize(1);
        assertThat(asAlice.put("/classes/Diary/" + aliceDiary, "{\"text\":\"edited\"}").status()).isEqualTo(200);
    }

    @Test
    void prototypePollutionKeysAreRefusedEverywhere() {
        assertThat(api.post("/classes/Probe", "{\"__proto__\":{\"admin\":true}}").code()).isEqualTo(105);
        assertThat(api.post("/classes/Probe", "{\"x\":{\"constructor\":{\"prototype\":{}}}}").code()).isEqualTo(105);
        assertThat(api.post("/classes/Probe", "{\"x\":{\"_bsontype\":\"Code\",\"code\":\"1\"}}").code()).isEqualTo(105);
        assertThat(server.master().put("/config", "{\"params\":{\"__proto__\":{}}}").code()).isEqualTo(105);
        assertThat(api.find("Probe", "{\"x\":{\"$where\":\"this.code\"}}").code()).isEqualTo(107);
    }

    @Test
    void aDeniedReadLooksExactlyLikeAMissingObject() {
        String hidden = server.master().post("/classes/Hidden", "{\"v\":1,\"ACL\":{}}").get("objectId").asText();
        Api.Response denied = api.get("/classes/Hidden/" + hidden);
        Api.Response missing = api.get("/classes/Hidden/doesNotExi");
        assertThat(denied.status()).isEqualTo(missing.status());
        assertThat(denied.json()).isEqualTo(missing.json());
    }
}
