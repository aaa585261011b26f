package io.heliobase.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.json.Json;
import io.heliobase.server.livequery.LiveQueryClient;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import io.heliobase.server.support.TestServer;
import io.heliobase.server.support.TestUser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /privacy/export: everything of the user's, nothing of anyone else's, followed live and downloaded. */
class PrivacyExportIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api api = server.api();

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static JsonNode json(Map<String, byte[]> entries, String name) {
        return Json.parse(new String(entries.get(name), StandardCharsets.UTF_8));
    }

    @Test
    void anExportHoldsTheUsersDataAndNothingOfAnyoneElses() throws Exception {
        TestUser ada = TestUser.signUpWithEmail(api, "export-ada");
        TestUser bob = TestUser.signUpWithEmail(api, "export-bob");
        String acl = "{\"" + ada.id() + "\":{\"read\":true,\"write\":true}}";
        ada.api().post("/classes/Diary", "{\"text\":\"private one\",\"ACL\":" + acl + "}");
        ada.api().post("/classes/Diary", "{\"text\":\"private two\",\"ACL\":" + acl + "}");
        ada.api().post("/classes/Diary", "{\"text\":\"signed\",\"author\":" + ada.pointer() + "}");
        Api.Response file = server.master().sendBytes("POST", "/files/scan.txt", "ada's scan".getBytes(
                StandardCharsets.UTF_8), "text/plain");
        ada.api().post("/classes/Diary", "{\"text\":\"with file\",\"author\":" + ada.pointer() + ",\"scan\":{\"__type\":"
                + "\"File\",\"name\":\"" + file.get("name").asText() + "\"}}");
        ada.api().post("/classes/_AgentTask", "{\"goal\":\"plan the trip\"}");
        // decoys: bob's, and public objects that only mention ada in text
        bob.api().post("/classes/Diary", "{\"text\":\"bob private\",\"ACL\":{\"" + bob.id() + "\":{\"read\":true}}}");
        bob.api().post("/classes/Diary", "{\"text\":\"bob signed\",\"author\":" + bob.pointer() + "}");
        api.post("/classes/Diary", "{\"text\":\"public note about export-ada\"}");

        Api.Response refused = bob.api().post("/privacy/export", "{\"userId\":\"" + ada.id() + "\"}");
        assertThat(refused.status()).as("nobody exports another user").isEqualTo(404);

        try (LiveQueryClient live = new LiveQueryClient(server.url())) {
            live.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\",\"sessionToken\":\""
                    + ada.token() + "\"}");
            assertThat(live.next().path("op").asText()).isEqualTo("connected");
            live.send("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"_PrivacyRequest\",\"where\":{}}}");
            assertThat(live.next().path("op").asText()).isEqualTo("subscribed");

            Api.Response started = ada.api().post("/privacy/export", "{}");
            assertThat(started.status()).as(started.text()).isEqualTo(202);
            String id = started.get("objectId").asText();
            JsonNode last = live.next();
            while (!"succeeded".equals(last.path("object").path("status").asText())
                    && !"failed".equals(last.path("object").path("status").asText())) {
                last = live.next(); // progress updates, then the end
            }
            assertThat(last.path("object").path("status").asText()).as(last.toString()).isEqualTo("succeeded");
            assertThat(last.path("object").path("progress").asInt()).isEqualTo(100);

            assertThat(bob.api().get("/privacy/exports/" + id).status()).isEqualTo(404);
            assertThat(api.get("/privacy/exports/" + id).status()).isEqualTo(404);
            Api.Response download = ada.api().get("/privacy/exports/" + id);
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.raw().headers().firstValue("Content-Type")).contains("application/zip");
            Map<String, byte[]> entries = unzip(download.raw().body());

            JsonNode user = json(entries, "_User.json").get(0);
            assertThat(user.path("username").asText()).isEqualTo("export-ada");
            assertThat(user.path("email").asText()).isEqualTo("export-ada@example.com");
            assertThat(new String(entries.get("_User.json"), StandardCharsets.UTF_8))
                    .doesNotContain("hashed_password").doesNotContain("sessionToken");
            String diary = new String(entries.get("Diary.json"), StandardCharsets.UTF_8);
            assertThat(json(entries, "Diary.json")).hasSize(4);
            assertThat(diary).contains("private one", "private two", "signed", "with file")
                    .doesNotContain("bob").doesNotContain("public note");
            assertThat(json(entries, "_AgentTask.json").get(0).path("goal").asText()).isEqualTo("plan the trip");
            assertThat(new String(entries.get("_Session.json"), StandardCharsets.UTF_8)).doesNotContain("r:");
            assertThat(new String(entries.get("files/" + file.get("name").asText()), StandardCharsets.UTF_8))
                    .isEqualTo("ada's scan");
            assertThat(json(entries, "manifest.json").path("counts").path("Diary").asInt()).isEqualTo(4);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.master().find("_Audit",
                "{\"action\":\"privacy.export.ready\",\"targetId\":\"" + ada.id() + "\"}").get("results").size() == 1);
    }

    @Test
    void theMasterKeyExportsAnyUserAndSignedOutCallersNone() {
        TestUser cy = TestUser.signUpWithEmail(api, "export-cy");
        assertThat(api.post("/privacy/export", "{}").code()).isEqualTo(206);
        Api.Response started = server.master().post("/privacy/export", "{\"userId\":\"" + cy.id() + "\"}");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String id = started.get("objectId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.master().get("/classes/_PrivacyRequest/" + id)
                .get("status").asText(), "succeeded"::equals);
        assertThat(server.master().get("/privacy/exports/" + id).status()).isEqualTo(200);
        assertThat(cy.api().post("/classes/_PrivacyRequest", "{\"kind\":\"export\"}").code()).isEqualTo(119);
    }

    @Test
    void ownedByNarrowsWhatBelongsToAUser() throws Exception {
        TestUser dee = TestUser.signUpWithEmail(api, "export-dee");
        TestUser eve = TestUser.signUpWithEmail(api, "export-eve");
        Api master = server.master();
        Api.Response schema = master.post("/schemas/Letter", "{\"fields\":{\"sender\":{\"type\":\"Pointer\","
                + "\"targetClass\":\"_User\"},\"recipient\":{\"type\":\"Pointer\",\"targetClass\":\"_User\"},"
                + "\"body\":{\"type\":\"String\"}},\"privacy\":{\"onForget\":\"keep\",\"ownedBy\":[\"sender\"]}}");
        assertThat(schema.status()).as(schema.text()).isEqualTo(200);
        assertThat(master.put("/schemas/Letter", "{\"privacy\":{\"onForget\":\"keep\",\"ownedBy\":[\"body\"]}}").code())
                .as("ownedBy names pointers to _User").isEqualTo(255);
        dee.api().post("/classes/Letter", "{\"body\":\"hello eve\",\"sender\":" + dee.pointer() + ",\"recipient\":"
                + eve.pointer() + "}");
        assertThat(letters(dee)).as("the sender owns it").contains("hello eve");
        assertThat(letters(eve)).as("the recipient does not").doesNotContain("hello eve");
    }

    private static String letters(TestUser user) throws Exception {
        String id = user.api().post("/privacy/export", "{}").get("objectId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> user.api().get("/classes/_PrivacyRequest/" + id)
                .get("status").asText(), "succeeded"::equals);
        byte[] letters = unzip(user.api().get("/privacy/exports/" + id).raw().body()).get("Letter.json");
        return letters == null ? "" : new String(letters, StandardCharsets.UTF_8);
    }
}
