package io.heliobase.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.json.Json;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retention rules in the schema, enforced by the built-in scheduled job and recorded in _JobStatus and _Audit. */
class RetentionIT {
    private static TestServer server;
    private static Api master;

    @BeforeAll
    static void start() {
        // every second here, so the test sees scheduled runs; hourly by default
        server = TestServer.start(Map.of("HELIOBASE_RETENTION_CRON", "* * * * * ?"));
        master = server.master();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String chat(String kind, Instant sentAt) {
        return master.post("/classes/Chat", "{\"kind\":\"" + kind + "\",\"sentAt\":{\"__type\":\"Date\",\"iso\":\""
                + Json.iso(sentAt) + "\"}}").get("objectId").asText();
    }

    @Test
    void objectsPastTheirRetentionAreDeletedBySchedule() {
        Api.Response schema = master.post("/schemas/Chat", "{\"fields\":{\"kind\":{\"type\":\"String\"},\"sentAt\":"
                + "{\"type\":\"Date\"}},\"retention\":{\"days\":1,\"field\":\"sentAt\",\"where\":{\"kind\":\"chat\"}}}");
        assertThat(schema.status()).as(schema.text()).isEqualTo(200);
        assertThat(master.get("/schemas/Chat").get("retention").path("days").asInt()).isEqualTo(1);
        Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3));
        String old = chat("chat", threeDaysAgo);
        String pinned = chat("pinned", threeDaysAgo);
        String fresh = chat("chat", Instant.now());

        await().atMost(Duration.ofSeconds(20)).until(() -> master.get("/classes/Chat/" + old).code() == 101);
        assertThat(master.get("/classes/Chat/" + pinned).status()).as("the where clause spares it").isEqualTo(200);
        assertThat(master.get("/classes/Chat/" + fresh).status()).isEqualTo(200);

        JsonNode run = await().atMost(Duration.ofSeconds(20)).until(() -> master.find("_JobStatus",
                "{\"jobName\":\"heliobase:retention\",\"message\":\"deleted 1 Chat\"}").get("results"), r -> r.size() > 0)
                .get(0);
        assertThat(run.path("source").asText()).isEqualTo("schedule");
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        JsonNode audited = master.find("_Audit", "{\"action\":\"retention.deleted\"}").get("results").get(0);
        assertThat(audited.path("detail").path("Chat").asInt()).isEqualTo(1);
        assertThat(master.get("/cloud_code/jobs/data").json().path("jobs").toString()).contains("heliobase:retention");
    }

    @Test
    void badRulesAreRefused() {
        master.post("/schemas/Note", "{\"fields\":{\"text\":{\"type\":\"String\"}}}");
        assertThat(master.put("/schemas/Note", "{\"retention\":{\"days\":0}}").code()).isEqualTo(255);
        assertThat(master.put("/schemas/Note", "{\"retention\":{\"days\":3,\"field\":\"text\"}}").code()).isEqualTo(255);
        assertThat(master.put("/schemas/Note", "{\"retention\":{\"days\":3}}").status()).isEqualTo(200);
        assertThat(master.put("/schemas/Note", "{\"retention\":null}").status()).isEqualTo(200);
        assertThat(master.get("/schemas/Note").json().has("retention")).isFalse();
    }

    @Test
    void exportArchivesExpireAfterAWeek() {
        Api.Response user = server.api().post("/users", "{\"username\":\"retention-exporter\",\"password\":\"pw-r\"}");
        Api asUser = server.api().with("X-Parse-Session-Token", user.get("sessionToken").asText());
        String id = asUser.post("/privacy/export", "{}").get("objectId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> master.get("/classes/_PrivacyRequest/" + id)
                .get("status").asText(), "succeeded"::equals);
        assertThat(asUser.get("/privacy/exports/" + id).status()).isEqualTo(200);
        // as if it had finished eight days ago
        master.put("/classes/_PrivacyRequest/" + id, "{\"finishedAt\":{\"__type\":\"Date\",\"iso\":\""
                + Json.iso(Instant.now().minus(Duration.ofDays(8))) + "\"}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> master.get("/classes/_PrivacyRequest/" + id)
                .get("status").asText(), "expired"::equals);
        assertThat(asUser.get("/privacy/exports/" + id).status()).isEqualTo(404);
    }
}
