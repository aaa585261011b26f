package io.heliobase.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.heliobase.server.storage.embedded.EmbeddedStore;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** After downtime, a "runOnce" schedule runs its last missed fire once when a node starts; a "skip" one does not. */
class MisfireIT {

    @Test
    void missedFiresRunOnceOrAreSkippedAsConfigured() throws Exception {
        Path cloud = Files.createTempDirectory("cloud-misfire").resolve("main.js");
        Files.writeString(cloud, """
                Parse.Cloud.job('tick', async (request) => {
                  await new Parse.Object('Tick', { tag: request.params.tag, scheduledAt: request.scheduledAt })
                    .save(null, { useMasterKey: true });
                });
                """);
        try (EmbeddedStore store = EmbeddedStore.start(Files.createTempDirectory("misfire-store"), "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("HELIOBASE_DATABASE_URI", store.connectionString() + "misfire",
                    "HELIOBASE_CLOUD", cloud.toString());
            // daily, twelve hours from now: nothing fires while the test runs, so only a missed fire makes a Tick
            int hour = (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;
            String cron = "0 0 " + hour + " * * ?";
            String runOnce;
            String skip;
            try (TestServer before = TestServer.start(env)) {
                runOnce = before.master().post("/cloud_code/jobs", "{\"job_schedule\":{\"jobName\":\"tick\",\"cron\":\""
                        + cron + "\",\"params\":{\"tag\":\"runOnce\"},\"misfire\":\"runOnce\"}}").get("objectId").asText();
                skip = before.master().post("/cloud_code/jobs", "{\"job_schedule\":{\"jobName\":\"tick\",\"cron\":\""
                        + cron + "\",\"params\":{\"tag\":\"skip\"}}}").get("objectId").asText();
            }
            // the downtime: both last ran three days ago, so three fires were missed
            long threeDaysAgo = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
            try (MongoClient mongo = MongoClients.create(store.connectionString())) {
                var claims = mongo.getDatabase("misfire").getCollection("_JobFire");
                claims.insertOne(new Document("_id", "planted-1").append("schedule", runOnce).append("fireAt", threeDaysAgo)
                        .append("attempt", 1));
                claims.insertOne(new Document("_id", "planted-2").append("schedule", skip).append("fireAt", threeDaysAgo)
                        .append("attempt", 1));
            }
            try (TestServer after = TestServer.start(env)) {
                Api master = after.master();
                await().atMost(Duration.ofSeconds(20)).until(() -> master.find("Tick", "{\"tag\":\"runOnce\"}")
                        .get("results").size() == 1);
                ZonedDateTime today = ZonedDateTime.now(ZoneOffset.UTC).withHour(hour).truncatedTo(ChronoUnit.HOURS);
                ZonedDateTime lastMissed = today.isAfter(ZonedDateTime.now(ZoneOffset.UTC)) ? today.minusDays(1) : today;
                String lastHour = lastMissed.toInstant().toString().replace("Z", ".000Z");
                assertThat(master.find("Tick", "{\"tag\":\"runOnce\"}").get("results").get(0).path("scheduledAt").asText())
                        .as("the last missed fire, not each of them").isEqualTo(lastHour);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> master.find("Tick",
                        "{\"tag\":\"skip\"}").get("results").isEmpty() && master.find("Tick", "{\"tag\":\"runOnce\"}")
                        .get("results").size() == 1);
            }
        }
    }
}
