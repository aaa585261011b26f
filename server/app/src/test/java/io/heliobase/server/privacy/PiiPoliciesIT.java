package io.heliobase.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.heliobase.server.livequery.LiveQueryClient;
import io.heliobase.server.storage.embedded.EmbeddedStore;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PII policies in the schema, applied before storage: redact, mask, hash, encrypt (with readers) and detect. */
class PiiPoliciesIT {
    private static final String EMAIL = "ada.lovelace@example.com";
    private static final String PHONE = "+1 650 253 0000";
    private static final String CARD = "4111 1111 1111 1111";
    private static EmbeddedStore store;
    private static TestServer server;
    private static Api master;

    @BeforeAll
    static void start() throws Exception {
        store = EmbeddedStore.start(Files.createTempDirectory("pii-store"), "127.0.0.1", 0);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        server = TestServer.start(Map.of("HELIOBASE_DATABASE_URI", store.connectionString() + "pii",
                "HELIOBASE_PII_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key)));
        master = server.master();
        Api.Response schema = master.post("/schemas/Message", """
                {"fields":{"text":{"type":"String"},"card":{"type":"String"},"email":{"type":"String"},
                  "secret":{"type":"String"},"notes":{"type":"Array"}},
                 "piiPolicies":{"text":{"action":"redact"},"card":{"action":"mask","entities":["CREDIT_CARD"]},
                  "email":{"action":"hash","entities":["EMAIL"]},"secret":{"action":"encrypt","readers":["Support"]},
                  "notes":{"action":"detect"}}}""");
        assertThat(schema.status()).as(schema.text()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    private static String message(Api api, String text) {
        Api.Response created = api.post("/classes/Message", "{\"text\":\"" + text + "\",\"card\":\"card " + CARD
                + "\",\"email\":\"" + EMAIL + "\",\"secret\":\"diagnosis: flu\",\"notes\":[\"ping " + EMAIL + "\"]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.get("objectId").asText();
    }

    @Test
    void policiesRewriteWritesBeforeTheyAreStored() {
        String id = message(server.api(), "mail " + EMAIL + " or call " + PHONE + " today");
        String other = message(server.api(), "again");
        JsonNode stored = master.get("/classes/Message/" + id).json();
        assertThat(stored.path("text").asText()).isEqualTo("mail <EMAIL> or call <PHONE> today");
        assertThat(stored.path("card").asText()).isEqualTo("card ****1111");
        assertThat(stored.path("email").asText()).matches("<EMAIL:[0-9a-f]{16}>");
        assertThat(master.get("/classes/Message/" + other).get("email").asText()).as("a keyed hash is stable")
                .isEqualTo(stored.path("email").asText());
        assertThat(stored.path("notes").get(0).asText()).as("detect only flags").isEqualTo("ping " + EMAIL);
        assertThat(master.get("/schemas/Message").get("fields").path("text").path("pii").path("action").asText())
                .isEqualTo("redact");

        // the raw database holds none of it (detect leaves its field alone by design)
        try (MongoClient mongo = MongoClients.create(store.connectionString())) {
            for (Document doc : mongo.getDatabase("pii").getCollection("Message").find()) {
                doc.remove("notes");
                String raw = doc.toJson();
                assertThat(raw).doesNotContain(EMAIL).doesNotContain("650 253").doesNotContain(CARD)
                        .doesNotContain("diagnosis");
            }
        }
        List<String> audited = new ArrayList<>();
        master.find("_Audit", "{\"action\":\"pii.detected\",\"targetId\":\"" + id + "\"}").get("results")
                .forEach(e -> audited.add(e.path("detail").toString()));
        assertThat(audited).hasSize(1);
        assertThat(audited.getFirst()).contains("\"text\":[\"EMAIL\",\"PHONE\"]").contains("\"notes\":[\"EMAIL\"]")
                .doesNotContain("@").as("the audit names entities, never the data");
    }

    @Test
    void encryptedFieldsAreReadableByTheMasterKeyAndReaderRolesOnly() {
        String id = message(server.api(), "hello");
        assertThat(server.api().get("/classes/Message/" + id).get("secret").asText()).isEqualTo("<ENCRYPTED>");
        assertThat(master.get("/classes/Message/" + id).get("secret").asText()).isEqualTo("diagnosis: flu");
        Api.Response nurse = server.api().post("/users", "{\"username\":\"pii-nurse\",\"password\":\"pw-nurse\"}");
        master.post("/roles", "{\"name\":\"Support\",\"ACL\":{\"*\":{\"read\":true}},\"users\":{\"__op\":\"AddRelation\","
                + "\"objects\":[{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\""
                + nurse.get("objectId").asText() + "\"}]}}");
        String token = server.api().post("/login", "{\"username\":\"pii-nurse\",\"password\":\"pw-nurse\"}")
                .get("sessionToken").asText();
        assertThat(server.api().with("X-Parse-Session-Token", token).get("/classes/Message/" + id).get("secret").asText())
                .isEqualTo("diagnosis: flu");
        assertThat(server.api().find("Message", "{}").get("results").get(0).path("secret").asText())
                .isEqualTo("<ENCRYPTED>");

        try (LiveQueryClient live = new LiveQueryClient(server.url())) {
            live.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\"}");
            assertThat(live.next().path("op").asText()).isEqualTo("connected");
            live.send("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"Message\",\"where\":{}}}");
            assertThat(live.next().path("op").asText()).isEqualTo("subscribed");
            message(server.api(), "live");
            JsonNode event = live.next();
            assertThat(event.path("object").path("secret").asText()).isEqualTo("<ENCRYPTED>");
            assertThat(event.path("object").path("email").asText()).startsWith("<EMAIL:");
        }
    }

    @Test
    void policiesAreCheckedAndCanBeRemoved() {
        assertThat(master.put("/schemas/Message", "{\"piiPolicies\":{\"notes\":{\"action\":\"encrypt\"}}}").code())
                .as("encrypt is for String fields").isEqualTo(255);
        assertThat(master.put("/schemas/Message", "{\"piiPolicies\":{\"text\":{\"action\":\"scramble\"}}}").code())
                .isEqualTo(255);
        assertThat(master.put("/schemas/Message", "{\"piiPolicies\":{\"text\":{\"action\":\"redact\",\"entities\":"
                + "[\"SHOE_SIZE\"]}}}").code()).isEqualTo(255);
        assertThat(master.put("/schemas/Message", "{\"piiPolicies\":{\"missing\":{\"action\":\"redact\"}}}").code())
                .isEqualTo(255);
        master.post("/schemas/Loose", "{\"fields\":{\"text\":{\"type\":\"String\"}},\"piiPolicies\":{\"text\":"
                + "{\"action\":\"redact\"}}}");
        assertThat(master.put("/schemas/Loose", "{\"piiPolicies\":{\"text\":null}}").status()).isEqualTo(200);
        String id = master.post("/classes/Loose", "{\"text\":\"" + EMAIL + "\"}").get("objectId").asText();
        assertThat(master.get("/classes/Loose/" + id).get("text").asText()).isEqualTo(EMAIL);
    }
}
