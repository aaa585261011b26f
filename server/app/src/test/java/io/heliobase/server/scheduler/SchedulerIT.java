package io.heliobase.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.livequery.LiveQueryClient;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schedules made through /cloud_code/jobs and in cloud code fire on time, with history, retries and budgets. */
class SchedulerIT {
    private static TestServer server;
    private static Api master;

    @BeforeAll
    static void start() throws Exception {
        Path cloud = Files.createTempDirectory("cloud-schedule").resolve("main.js");
        Files.writeString(cloud, """
                Parse.Cloud.job('tick', async (request) => {
                  await new Parse.Object('Tick', { tag: request.params.tag, scheduledAt: request.scheduledAt })
                    .save(null, { useMasterKey: true });
                  return 'ticked ' + request.params.tag;
                });
                Parse.Cloud.job('flaky', async (request) => {
                  const runs = await new Parse.Query('FlakyRun').equalTo('scheduledAt', request.scheduledAt)
                    .count({ useMasterKey: true });
                  await new Parse.Object('FlakyRun', { scheduledAt: request.scheduledAt }).save(null, { useMasterKey: true });
                  if (runs === 0) { throw new Error('the first attempt fails'); }
                  return 'ok on attempt ' + (runs + 1);
                });
                Parse.Cloud.job('endless', () => { for (;;) {} });
                Parse.Cloud.job('fromCode', async () => {
                  await new Parse.Object('CodeTick').save(null, { useMasterKey: true });
                }, { schedule: '*/1 * * * * ?' });
                """);
        server = TestServer.start(Map.of("HELIOBASE_CLOUD", cloud.toString(), "HELIOBASE_CLOUD_JOB_TIMEOUT", "1"));
        master = server.master();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String schedule(String json) {
        Api.Response created = master.post("/cloud_code/jobs", "{\"job_schedule\":" + json + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.get("objectId").asText();
    }

    private static List<JsonNode> statuses(String where) {
        List<JsonNode> out = new ArrayList<>();
        master.find("_JobStatus", where, "order", "createdAt", "limit", "1000").get("results").forEach(out::add);
        return out;
    }

    private static int count(String className, String where) {
        return master.find(className, where, "count", "1", "limit", "0").get("count").asInt();
    }

    @Test
    void aRestScheduleFiresRecordsHistoryAndStopsWhenDeleted() {
        String id = schedule("{\"jobName\":\"tick\",\"cron\":\"*/1 * * * * ?\",\"params\":{\"tag\":\"rest\"},"
                + "\"description\":\"every second\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> count("Tick", "{\"tag\":\"rest\"}") >= 2);
        JsonNode run = statuses("{\"schedule\":\"" + id + "\",\"status\":\"succeeded\"}").getFirst();
        assertThat(run.path("source").asText()).isEqualTo("schedule");
        assertThat(run.path("jobName").asText()).isEqualTo("tick");
        assertThat(run.path("message").asText()).isEqualTo("ticked rest");
        assertThat(run.path("attempt").asInt()).isEqualTo(1);
        assertThat(run.path("startedAt").path("__type").asText()).isEqualTo("Date");
        assertThat(run.path("scheduledAt").path("iso").asText()).endsWith(".000Z");
        assertThat(master.get("/cloud_code/jobs").json()).anyMatch(s -> s.path("objectId").asText().equals(id));
        assertThat(master.get("/cloud_code/jobs/data").json().path("in_use").toString()).contains("tick");

        assertThat(master.delete("/cloud_code/jobs/" + id).status()).isEqualTo(200);
        int afterDelete = count("Tick", "{\"tag\":\"rest\"}");
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> count("Tick", "{\"tag\":\"rest\"}") <= afterDelete + 1); // one may be running
    }

    @Test
    void failedRunsAreRetriedAndRunawayRunsTimeOut() {
        String flaky = schedule("{\"jobName\":\"flaky\",\"cron\":\"0/3 * * * * ?\",\"retries\":2,"
                + "\"retryDelaySeconds\":1}");
        await().atMost(Duration.ofSeconds(25)).until(() -> !statuses("{\"schedule\":\"" + flaky
                + "\",\"attempt\":2,\"status\":\"succeeded\"}").isEmpty());
        JsonNode retried = statuses("{\"schedule\":\"" + flaky + "\",\"attempt\":2,\"status\":\"succeeded\"}").getFirst();
        JsonNode first = statuses("{\"schedule\":\"" + flaky + "\",\"attempt\":1}").stream()
                .filter(s -> s.path("scheduledAt").equals(retried.path("scheduledAt"))).findFirst().orElseThrow();
        assertThat(first.path("status").asText()).isEqualTo("failed");
        assertThat(first.path("message").asText()).isEqualTo("the first attempt fails");
        assertThat(retried.path("message").asText()).isEqualTo("ok on attempt 2");
        master.delete("/cloud_code/jobs/" + flaky);

        String endless = schedule("{\"jobName\":\"endless\",\"cron\":\"0/2 * * * * ?\"}");
        await().atMost(Duration.ofSeconds(25)).until(() -> !statuses("{\"schedule\":\"" + endless
                + "\",\"status\":\"timed_out\"}").isEmpty());
        master.delete("/cloud_code/jobs/" + endless);
    }

    @Test
    void cloudCodeSchedulesRunAndBadSchedulesAreRefused() {
        await().atMost(Duration.ofSeconds(20)).until(() -> count("CodeTick", "{}") >= 2);
        assertThat(statuses("{\"schedule\":\"code:fromCode\"}")).isNotEmpty();

        Api.Response badCron = master.post("/cloud_code/jobs", "{\"job_schedule\":{\"jobName\":\"tick\",\"cron\":\"nope\"}}");
        assertThat(badCron.code()).isEqualTo(142);
        assertThat(badCron.json().path("error").asText()).contains("invalid cron expression");
        Api.Response notDeployed = master.post("/cloud_code/jobs", "{\"job_schedule\":{\"jobName\":\"ghost\",\"cron\":"
                + "\"0 0 * * * ?\"}}");
        assertThat(notDeployed.code()).isEqualTo(1);
        assertThat(server.api().get("/cloud_code/jobs").status()).isEqualTo(403);
        assertThat(master.get("/cloud_code/jobs/data").json().path("jobs").toString()).contains("fromCode", "tick");
    }

    @Test
    void runsAreVisibleThroughLiveQueriesToTheMasterKeyOnly() {
        try (LiveQueryClient anyone = new LiveQueryClient(server.url());
             LiveQueryClient operator = new LiveQueryClient(server.url())) {
            anyone.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\"}");
            assertThat(anyone.next().path("op").asText()).isEqualTo("connected");
            anyone.send("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"_JobStatus\",\"where\":{}}}");
            assertThat(anyone.next().path("op").asText()).as("no master key, no job history").isEqualTo("error");

            operator.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\",\"masterKey\":\""
                    + server.masterKey() + "\"}");
            assertThat(operator.next().path("op").asText()).isEqualTo("connected");
            operator.send("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"_JobStatus\","
                    + "\"where\":{\"jobName\":\"tick\"}}}");
            assertThat(operator.next().path("op").asText()).isEqualTo("subscribed");
            String id = schedule("{\"jobName\":\"tick\",\"cron\":\"*/1 * * * * ?\",\"params\":{\"tag\":\"live\"}}");
            JsonNode created = operator.next();
            assertThat(created.path("op").asText()).isEqualTo("create");
            assertThat(created.path("object").path("status").asText()).isEqualTo("running");
            JsonNode finished = operator.next();
            assertThat(finished.path("op").asText()).isEqualTo("update");
            assertThat(finished.path("object").path("status").asText()).isEqualTo("succeeded");
            master.delete("/cloud_code/jobs/" + id);
        }
    }
}
