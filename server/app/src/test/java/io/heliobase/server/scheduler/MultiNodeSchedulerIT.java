package io.heliobase.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.heliobase.server.storage.embedded.EmbeddedStore;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** Two server processes sharing one database and a schedule every second: each fire runs exactly once in total. */
class MultiNodeSchedulerIT {
    private static final String MASTER_KEY = "scheduler-master-key";

    @Test
    void eachFireRunsOnExactlyOneNode() throws Exception {
        Path cloud = Files.createTempDirectory("cloud-multi").resolve("main.js");
        Files.writeString(cloud, """
                Parse.Cloud.job('beat', async (request) => {
                  await new Parse.Object('Beat', { scheduledAt: request.scheduledAt }).save(null, { useMasterKey: true });
                });
                """);
        try (EmbeddedStore store = EmbeddedStore.start(Files.createTempDirectory("sched-store"), "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("HELIOBASE_DATABASE_URI", store.connectionString() + "shared",
                    "HELIOBASE_CLOUD", cloud.toString());
            try (ServerProcess nodeA = ServerProcess.start(Files.createTempDirectory("sched-a"), MASTER_KEY, env);
                 ServerProcess nodeB = ServerProcess.start(Files.createTempDirectory("sched-b"), MASTER_KEY, env)) {
                Api onA = nodeA.api(MASTER_KEY);
                Api.Response created = onA.post("/cloud_code/jobs", "{\"job_schedule\":{\"jobName\":\"beat\","
                        + "\"cron\":\"* * * * * ?\"}}");
                assertThat(created.status()).as(created.text()).isEqualTo(200);
                // node B learns of the schedule on its next refresh (5 s); which node wins a fire is a race, so
                // run until there are 15 fires and each node has won at least one (on a busy machine one node
                // can win many in a row)
                Set<String> nodes = new HashSet<>();
                try (MongoClient mongo = MongoClients.create(store.connectionString())) {
                    await().atMost(Duration.ofSeconds(90)).until(() -> {
                        // the claims are the server's own bookkeeping: read them straight from the shared database
                        for (Document claim : mongo.getDatabase("shared").getCollection("_JobFire").find()) {
                            nodes.add(claim.getString("node"));
                        }
                        return nodes.size() == 2
                                && onA.find("Beat", "{}", "count", "1", "limit", "0").get("count").asInt() >= 15;
                    });
                }
                onA.delete("/cloud_code/jobs/" + created.get("objectId").asText());

                Map<String, Integer> runsPerFire = new HashMap<>();
                for (JsonNode beat : onA.find("Beat", "{}", "limit", "1000").get("results")) {
                    runsPerFire.merge(beat.path("scheduledAt").asText(), 1, Integer::sum);
                }
                assertThat(runsPerFire).hasSizeGreaterThanOrEqualTo(15);
                assertThat(runsPerFire.values()).as("every scheduled second ran once, not twice").containsOnly(1);
                assertThat(nodes).as("both nodes fired and claimed some").hasSize(2);
            }
        }
    }
}
