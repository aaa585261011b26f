package io.heliobase.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parse.Cloud.job run with POST /jobs/:name and followed through _JobStatus. */
class JobsIT {
    private static TestServer server;
    private static Api master;

    @BeforeAll
    static void start() throws Exception {
        Path cloud = Files.createTempDirectory("cloud-jobs").resolve("main.js");
        Files.writeString(cloud, """
                Parse.Cloud.job('archive', async (request) => {
                  await request.message('starting');
                  const old = await new Parse.Query('Chore').equalTo('done', true).find({ useMasterKey: true });
                  for (const chore of old) {
                    chore.set('archived', true);
                  }
                  await Parse.Object.saveAll(old, { useMasterKey: true });
                  return 'archived ' + old.length + ' of ' + request.params.scope;
                });
                Parse.Cloud.job('broken', () => { throw new Parse.Error(101, 'nothing to do'); });
                Parse.Cloud.job('endless', () => { for (;;) {} });
                """);
        server = TestServer.start(Map.of("HELIOBASE_CLOUD", cloud.toString(), "HELIOBASE_CLOUD_JOB_TIMEOUT", "1"));
        master = server.master();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String startJob(String name, String params) {
        Api.Response started = master.post("/jobs/" + name, params);
        assertThat(started.status()).as(started.text()).isEqualTo(200);
        assertThat(started.json().toString()).isEqualTo("{}");
        return started.raw().headers().firstValue("X-Parse-Job-Status-Id").orElseThrow();
    }

    private static JsonNode awaitEnd(String statusId) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> master.get("/classes/_JobStatus/" + statusId).json(),
                status -> !"running".equals(status.path("status").asText()));
    }

    @Test
    void aJobRunsInTheBackgroundAndReportsItsEnd() {
        master.post("/classes/Chore", "{\"done\":true}");
        master.post("/classes/Chore", "{\"done\":false}");
        String id = startJob("archive", "{\"scope\":\"house\"}");
        JsonNode status = awaitEnd(id);
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("succeeded");
        assertThat(status.path("message").asText()).isEqualTo("archived 1 of house");
        assertThat(status.path("jobName").asText()).isEqualTo("archive");
        assertThat(status.path("source").asText()).isEqualTo("api");
        assertThat(status.path("params").path("scope").asText()).isEqualTo("house");
        assertThat(status.path("finishedAt").path("__type").asText()).isEqualTo("Date");
        assertThat(master.find("Chore", "{\"archived\":true}").get("results")).hasSize(1);
    }

    @Test
    void failuresAndRunawayJobsAreRecorded() {
        JsonNode broken = awaitEnd(startJob("broken", "{}"));
        assertThat(broken.path("status").asText()).isEqualTo("failed");
        assertThat(broken.path("message").asText()).isEqualTo("nothing to do");
        JsonNode endless = awaitEnd(startJob("endless", "{}"));
        assertThat(endless.path("status").asText()).as("stopped by its budget").isEqualTo("timed_out");
        assertThat(endless.path("message").asText()).contains("was stopped");
        assertThat(master.post("/jobs/archive", "{\"scope\":\"again\"}").status()).as("the job threads recover")
                .isEqualTo(200);
    }

    @Test
    void onlyTheMasterKeyStartsJobsOrReadsTheirStatus() {
        Api api = server.api();
        assertThat(api.post("/jobs/archive", "{}").status()).isEqualTo(403);
        String id = startJob("archive", "{\"scope\":\"secret\"}");
        assertThat(api.get("/classes/_JobStatus/" + id).status()).isNotEqualTo(200);
        assertThat(api.find("_JobStatus", "{}").status()).isNotEqualTo(200);
        assertThat(master.post("/jobs/missing", "{}").code()).isEqualTo(141);
        assertThat(master.post("/jobs", "{\"jobName\":\"archive\",\"scope\":\"body\"}").status()).isEqualTo(200);
        awaitEnd(id);
    }
}
