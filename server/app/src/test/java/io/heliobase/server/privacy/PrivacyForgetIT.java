package io.heliobase.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.heliobase.server.storage.embedded.EmbeddedStore;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import io.heliobase.server.support.TestUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /privacy/forget: no trace of the user's personal data in any collection; a second run changes nothing. */
class PrivacyForgetIT {
    private static EmbeddedStore store;
    private static TestServer server;
    private static Api api;
    private static Api master;

    @BeforeAll
    static void start() throws Exception {
        store = EmbeddedStore.start(Files.createTempDirectory("forget-store"), "127.0.0.1", 0);
        server = TestServer.start(Map.of("HELIOBASE_DATABASE_URI", store.connectionString() + "forget"));
        api = server.api();
        master = server.master();
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    private static JsonNode awaitEnd(String requestId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> master.get("/classes/_PrivacyRequest/" + requestId)
                .json(), r -> !"running".equals(r.path("status").asText()));
    }

    /** Every string value (and file byte) in every collection of the database that contains {@code needle}. */
    private static List<String> rawOccurrences(String... needles) {
        List<String> found = new ArrayList<>();
        try (MongoClient mongo = MongoClients.create(store.connectionString())) {
            MongoDatabase db = mongo.getDatabase("forget");
            for (String collection : db.listCollectionNames()) {
                for (Document doc : db.getCollection(collection).find()) {
                    String text = doc.toJson();
                    Object data = doc.get("data");
                    if (data instanceof Binary binary) {
                        text += new String(binary.getData(), StandardCharsets.UTF_8);
                    }
                    for (String needle : needles) {
                        if (text.contains(needle)) {
                            found.add(collection + ": " + needle);
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void forgettingLeavesNoPersonalDataAndRunsAgainAsANoOp() {
        TestUser ada = TestUser.signUpWithEmail(api, "forget-ada");
        TestUser bob = TestUser.signUpWithEmail(api, "forget-bob");
        master.post("/schemas/Comment", "{\"fields\":{\"text\":{\"type\":\"String\"},\"author\":{\"type\":\"Pointer\","
                + "\"targetClass\":\"_User\"}},\"privacy\":{\"onForget\":\"anonymize\",\"anonymize\":[\"text\"]}}");
        assertThat(master.get("/schemas/Comment").get("privacy").path("onForget").asText()).isEqualTo("anonymize");
        ada.api().post("/classes/Diary", "{\"text\":\"ada secret diary\",\"ACL\":{\"" + ada.id()
                + "\":{\"read\":true,\"write\":true}}}");
        Api.Response file = master.sendBytes("POST", "/files/ada-scan.txt", "ada scan bytes".getBytes(
                StandardCharsets.UTF_8), "text/plain");
        ada.api().post("/classes/Diary", "{\"text\":\"ada signed entry\",\"author\":" + ada.pointer() + ",\"scan\":{"
                + "\"__type\":\"File\",\"name\":\"" + file.get("name").asText() + "\"}}");
        String comment = ada.api().post("/classes/Comment", "{\"text\":\"ada comment words\",\"author\":"
                + ada.pointer() + "}").get("objectId").asText();
        String shared = ada.api().post("/classes/Plan", "{\"title\":\"team plan\",\"ACL\":{\"" + ada.id()
                + "\":{\"read\":true,\"write\":true},\"" + bob.id() + "\":{\"read\":true,\"write\":true}}}")
                .get("objectId").asText();
        bob.api().post("/classes/Diary", "{\"text\":\"bob diary stays\",\"author\":" + bob.pointer() + "}");
        bob.api().post("/classes/Comment", "{\"text\":\"bob comment stays\",\"author\":" + bob.pointer() + "}");
        assertThat(rawOccurrences("forget-ada", "ada secret diary", "ada comment words", "ada scan bytes")).isNotEmpty();

        assertThat(bob.api().post("/privacy/forget", "{\"userId\":\"" + ada.id() + "\"}").status()).isEqualTo(404);
        Api.Response started = ada.api().post("/privacy/forget", "{}");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        JsonNode done = awaitEnd(started.get("objectId").asText());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");

        assertThat(rawOccurrences("forget-ada", "ada secret diary", "ada signed entry", "ada comment words",
                "ada scan bytes")).as("no trace left in any collection").isEmpty();
        assertThat(ada.api().get("/users/me").code()).as("the sessions are gone").isEqualTo(209);
        JsonNode anonymized = master.get("/classes/Comment/" + comment).json();
        assertThat(anonymized.has("text")).isFalse();
        assertThat(anonymized.has("author")).isFalse();
        JsonNode plan = master.get("/classes/Plan/" + shared).json();
        assertThat(plan.path("title").asText()).as("shared objects stay for the others").isEqualTo("team plan");
        assertThat(plan.path("ACL").has(ada.id())).isFalse();
        assertThat(rawOccurrences("bob diary stays", "bob comment stays", "forget-bob")).hasSize(3);
        JsonNode tombstone = master.find("_Audit", "{\"action\":\"privacy.forgot\"}").get("results").get(0);
        assertThat(tombstone.path("targetId").asText()).startsWith("forgotten:").doesNotContain(ada.id());

        JsonNode again = awaitEnd(master.post("/privacy/forget", "{\"userId\":\"" + ada.id() + "\"}")
                .get("objectId").asText());
        assertThat(again.path("status").asText()).isEqualTo("succeeded");
        assertThat(again.path("counts").isEmpty()).as("a second run finds nothing to do: " + again).isTrue();
    }
}
