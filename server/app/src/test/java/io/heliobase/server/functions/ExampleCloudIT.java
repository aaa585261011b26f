package io.heliobase.server.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.livequery.LiveQueryClient;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import io.heliobase.server.support.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's cloud-code quick start, examples/cloud, on the real server: each thing it defines is called once over
 * HTTP, so the example cannot drift away from what the sandbox runs.
 */
class ExampleCloudIT {
    private static TestServer server;
    private static Api api;
    private static Api master;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HELIOBASE_CLOUD", exampleMain().toString()));
        api = server.api();
        master = server.master();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** examples/cloud/main.js, found from the working directory (server/app under Maven, the root in an IDE). */
    private static Path exampleMain() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path main = dir.resolve("examples/cloud/main.js");
            if (Files.isRegularFile(main)) {
                return main;
            }
        }
        throw new IllegalStateException("examples/cloud/main.js not found above " + Path.of("").toAbsolutePath());
    }

    private static String privateTask(TestUser owner, String fields) {
        String acl = "\"ACL\":{\"" + owner.id() + "\":{\"read\":true,\"write\":true}}";
        Api.Response created = owner.api().post("/classes/Task", "{" + acl + (fields.isEmpty() ? "" : "," + fields) + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.get("objectId").asText();
    }

    private static List<String> titles(Api.Response found) {
        assertThat(found.status()).as(found.text()).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        found.get("results").forEach(task -> titles.add(task.path("title").asText()));
        return titles;
    }

    @Test
    void beforeSaveNormalizesTasksAndMakesTheCreatorTheOwner() {
        TestUser ada = TestUser.signUp(api, "example-ada");
        Api.Response created = ada.api().post("/classes/Task",
                "{\"title\":\"  Plan   the launch \",\"ACL\":{\"" + ada.id() + "\":{\"read\":true,\"write\":true}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.get("title").asText()).isEqualTo("Plan the launch");
        assertThat(created.get("status").asText()).isEqualTo("open");
        assertThat(created.get("priority").asInt()).isEqualTo(3);
        assertThat(created.get("owner").path("objectId").asText()).isEqualTo(ada.id());

        String id = created.get("objectId").asText();
        Api.Response done = ada.api().put("/classes/Task/" + id, "{\"status\":\"DONE\"}");
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.get("status").asText()).isEqualTo("done");
        assertThat(done.get("doneAt").path("__type").asText()).isEqualTo("Date");

        assertThat(ada.api().post("/classes/Task", "{\"title\":\"   \"}").code()).isEqualTo(142);
        assertThat(ada.api().post("/classes/Task", "{\"title\":\"x\",\"priority\":9}").code()).isEqualTo(142);
        assertThat(api.post("/classes/Task", "{\"title\":\"anonymous\"}").code()).as("signed-out callers").isEqualTo(142);
        TestUser bob = TestUser.signUp(api, "example-bob");
        assertThat(bob.api().post("/classes/Task", "{\"title\":\"x\",\"owner\":{\"__type\":\"Pointer\","
                + "\"className\":\"_User\",\"objectId\":\"" + ada.id() + "\"}}").code()).isEqualTo(119);
    }

    @Test
    void taskStatsCountsTheCallersTasks() {
        TestUser cleo = TestUser.signUp(api, "example-cleo");
        privateTask(cleo, "\"title\":\"one\"");
        privateTask(cleo, "\"title\":\"two\",\"status\":\"doing\"");
        Api.Response stats = cleo.api().post("/functions/taskStats", "{}");
        assertThat(stats.status()).as(stats.text()).isEqualTo(200);
        assertThat(stats.get("result").toString()).isEqualTo("{\"open\":1,\"doing\":1,\"done\":0}");
        assertThat(api.post("/functions/taskStats", "{}").code()).as("requireUser").isEqualTo(142);
    }

    @Test
    void theJobArchivesDoneTasksAndBeforeFindHidesThem() {
        TestUser dan = TestUser.signUp(api, "example-dan");
        privateTask(dan, "\"title\":\"still open\"");
        privateTask(dan, "\"title\":\"finished\",\"status\":\"done\"");

        Api.Response started = master.post("/jobs/archiveDoneTasks", "{\"olderThanDays\":0}");
        assertThat(started.status()).as(started.text()).isEqualTo(200);
        String statusId = started.raw().headers().firstValue("X-Parse-Job-Status-Id").orElseThrow();
        JsonNode status = await().atMost(Duration.ofSeconds(30)).until(
                () -> master.get("/classes/_JobStatus/" + statusId).json(),
                s -> !"running".equals(s.path("status").asText()));
        assertThat(status.path("status").asText()).as(status.toString()).isEqualTo("succeeded");
        assertThat(status.path("message").asText()).matches("archived [1-9]\\d* task\\(s\\)");

        assertThat(titles(dan.api().find("Task", "{}"))).containsExactly("still open");
        assertThat(titles(dan.api().find("Task", "{\"archived\":true}"))).containsExactly("finished");
    }

    @Test
    void theRegistryListsBothToolsAndAddTaskSavesWithTheCallersRights() {
        TestUser erin = TestUser.signUp(api, "example-erin");
        List<String> names = new ArrayList<>();
        erin.api().get("/tools").get("results").forEach(tool -> names.add(tool.path("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("addTask", "deleteTask");

        Api.Response called = erin.api().post("/tools/addTask", "{\"input\":{\"title\":\"Draft  the post\",\"priority\":2}}");
        assertThat(called.status()).as(called.text()).isEqualTo(200);
        assertThat(called.get("status").asText()).as(called.text()).isEqualTo("succeeded");
        JsonNode result = called.get("result");
        assertThat(result.path("title").asText()).isEqualTo("Draft the post");
        assertThat(result.path("status").asText()).isEqualTo("open");
        assertThat(result.path("priority").asInt()).isEqualTo(2);

        String id = result.path("id").asText();
        assertThat(erin.api().get("/classes/Task/" + id).get("owner").path("objectId").asText()).isEqualTo(erin.id());
        assertThat(TestUser.signUp(api, "example-frank").api().get("/classes/Task/" + id).status()).as("private to its owner")
                .isEqualTo(404);
        assertThat(erin.api().post("/tools/addTask", "{\"input\":{\"title\":\"x\",\"priority\":0}}").code()).isEqualTo(142);
    }

    @Test
    void deleteTaskWaitsForApprovalAndDeletesOnlyTheOwnersTask() {
        TestUser gina = TestUser.signUp(api, "example-gina");
        String id = privateTask(gina, "\"title\":\"old draft\"");
        Api.Response held = gina.api().post("/tools/deleteTask", "{\"input\":{\"taskId\":\"" + id + "\"}}");
        assertThat(held.status()).as(held.text()).isEqualTo(202);
        assertThat(held.get("status").asText()).isEqualTo("awaiting_approval");
        assertThat(gina.api().get("/classes/Task/" + id).status()).as("nothing happens before approval").isEqualTo(200);

        Api.Response approved = gina.api().post("/toolCalls/" + held.get("objectId").asText() + "/approve", "{}");
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.get("status").asText()).as(approved.text()).isEqualTo("succeeded");
        assertThat(approved.get("result").path("deleted").path("id").asText()).isEqualTo(id);
        assertThat(gina.api().get("/classes/Task/" + id).status()).isEqualTo(404);

        // the tool runs with the master key after approval, so it must refuse someone else's task itself
        String kept = privateTask(gina, "\"title\":\"keep me\"");
        TestUser hank = TestUser.signUp(api, "example-hank");
        String call = hank.api().post("/tools/deleteTask", "{\"input\":{\"taskId\":\"" + kept + "\"}}").get("objectId")
                .asText();
        Api.Response refused = hank.api().post("/toolCalls/" + call + "/approve", "{}");
        assertThat(refused.get("status").asText()).as(refused.text()).isEqualTo("failed");
        assertThat(refused.get("error").path("code").asInt()).isEqualTo(101);
        assertThat(gina.api().get("/classes/Task/" + kept).status()).isEqualTo(200);
    }

    @Test
    void theNudgeJobNotifiesOwnersOfStalledAgentRunsThroughALiveQuery() {
        TestUser fay = TestUser.signUp(api, "example-fay");
        String taskId = fay.api().post("/classes/_AgentTask", "{\"goal\":\"plan the offsite\",\"status\":\"running\"}")
                .get("objectId").asText();
        assertThat(master.get("/cloud_code/jobs/data").json().path("jobs").toString()).contains("nudgeStalledTasks");
        try (LiveQueryClient live = new LiveQueryClient(server.url())) {
            live.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\",\"sessionToken\":\""
                    + fay.token() + "\"}");
            assertThat(live.next().path("op").asText()).isEqualTo("connected");
            live.send("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"Notification\",\"where\":{}}}");
            assertThat(live.next().path("op").asText()).isEqualTo("subscribed");
            // what the five-minute schedule runs, started now with "stalled" meaning any silence at all
            assertThat(master.post("/jobs/nudgeStalledTasks", "{\"stalledMinutes\":0}").status()).isEqualTo(200);
            JsonNode nudge = live.next();
            assertThat(nudge.path("op").asText()).isEqualTo("create");
            assertThat(nudge.path("object").path("kind").asText()).isEqualTo("stalled");
            assertThat(nudge.path("object").path("task").path("objectId").asText()).isEqualTo(taskId);
        }
        // the job marks the task after it notifies: wait for that write rather than race it
        await().atMost(Duration.ofSeconds(20)).until(() -> fay.api().get("/classes/_AgentTask/" + taskId)
                .get("status").asText(), "stalled"::equals);
    }
}
