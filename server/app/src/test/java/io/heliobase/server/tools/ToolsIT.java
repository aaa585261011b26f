package io.heliobase.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.livequery.LiveQueryClient;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import io.heliobase.server.support.TestUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Agent tools: the registry, validated and permission-checked calls, approvals, idempotency, tasks and audit. */
class ToolsIT {
    private static TestServer server;
    private static Api api;
    private static Api master;

    @BeforeAll
    static void start() throws Exception {
        Path cloud = Files.createTempDirectory("cloud-tools").resolve("main.js");
        Files.writeString(cloud, """
                Heliobase.tool('addTodo', {
                  description: 'Add a todo for the signed-in user',
                  input: { type: 'object', required: ['title'], additionalProperties: false,
                    properties: { title: { type: 'string', minLength: 1 }, priority: { type: 'integer', minimum: 1, maximum: 5 } } },
                  output: { type: 'object', required: ['id'] },
                }, async (request) => {
                  const todo = new Parse.Object('Todo', { title: request.input.title, priority: request.input.priority || 3 });
                  todo.setACL(new Parse.ACL(request.user));
                  await todo.save(null, { useMasterKey: true });
                  return { id: todo.id };
                });
                Heliobase.tool('count', { permission: 'public', idempotent: true }, async () => {
                  await new Parse.Object('ToolCounter').save(null, { useMasterKey: true });
                  return { n: await new Parse.Query('ToolCounter').count({ useMasterKey: true }) };
                });
                Heliobase.tool('sendEmail', { requiresApproval: true,
                  input: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] } }, async (request) => {
                  await new Parse.Object('Outbox', { to: request.input.to, approvedBy: request.approval.by,
                    forUser: request.user.id }).save(null, { useMasterKey: true });
                  return { sent: true };
                });
                Heliobase.tool('refund', { requiresApproval: { roles: ['Support'] } }, () => ({ refunded: true }));
                Heliobase.tool('admin', { permission: 'master' }, () => ({ ok: true }));
                Heliobase.tool('publicHeld', { permission: 'public', requiresApproval: true },
                  (request) => ({ master: request.master, roles: typeof request.__roles, user: request.user }));
                Heliobase.tool('badOutput', { output: { type: 'object', required: ['id'] } }, () => ({ nope: 1 }));
                Heliobase.tool('explode', {}, () => { throw new Parse.Error(141, 'tool exploded'); });
                Heliobase.tool('text', {}, () => 'just text');
                """);
        server = TestServer.start(Map.of("HELIOBASE_CLOUD", cloud.toString()));
        api = server.api();
        master = server.master();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> names(Api.Response listed) {
        List<String> names = new ArrayList<>();
        listed.get("results").forEach(t -> names.add(t.has("function") ? t.path("function").path("name").asText()
                : t.path("name").asText()));
        return names;
    }

    private static List<String> auditActions(String callId) {
        Api.Response found = master.find("_Audit", "{\"toolCall\":{\"__type\":\"Pointer\",\"className\":\"_ToolCall\","
                + "\"objectId\":\"" + callId + "\"}}", "order", "createdAt");
        List<String> actions = new ArrayList<>();
        found.get("results").forEach(e -> actions.add(e.path("action").asText()));
        return actions;
    }

    @Test
    void theRegistryListsWhatTheCallerMayCallAsJsonSchema() {
        TestUser ada = TestUser.signUp(api, "tools-ada");
        assertThat(names(api.get("/tools"))).containsExactly("count", "publicHeld");
        assertThat(names(ada.api().get("/tools"))).contains("addTodo", "count", "sendEmail").doesNotContain("admin");
        assertThat(names(master.get("/tools"))).contains("admin");
        JsonNode addTodo = ada.api().get("/tools").get("results").get(0);
        assertThat(addTodo.path("description").asText()).isEqualTo("Add a todo for the signed-in user");
        assertThat(addTodo.path("input").path("required").get(0).asText()).isEqualTo("title");
        assertThat(addTodo.path("permission").asText()).isEqualTo("user");
        JsonNode openai = ada.api().get("/tools?format=openai").get("results").get(0);
        assertThat(openai.path("type").asText()).isEqualTo("function");
        assertThat(openai.path("function").path("parameters").path("type").asText()).isEqualTo("object");
        JsonNode anthropic = ada.api().get("/tools?format=anthropic").get("results").get(0);
        assertThat(anthropic.path("input_schema").path("type").asText()).isEqualTo("object");
        assertThat(api.get("/tools?format=xml").status()).isEqualTo(400);
    }

    @Test
    void aCallIsValidatedRunRecordedAndAudited() {
        TestUser bob = TestUser.signUp(api, "tools-bob");
        Api.Response called = bob.api().post("/tools/addTodo", "{\"input\":{\"title\":\"water plants\",\"priority\":2}}");
        assertThat(called.status()).as(called.text()).isEqualTo(200);
        assertThat(called.get("status").asText()).isEqualTo("succeeded");
        assertThat(called.get("tool").asText()).isEqualTo("addTodo");
        assertThat(called.get("user").path("objectId").asText()).isEqualTo(bob.id());
        assertThat(called.get("durationMs").isNumber()).isTrue();
        assertThat(called.json().has("idempotencyKey")).isFalse();
        String todoId = called.get("result").path("id").asText();
        assertThat(bob.api().get("/classes/Todo/" + todoId).get("title").asText()).isEqualTo("water plants");

        String callId = called.get("objectId").asText();
        assertThat(bob.api().get("/classes/_ToolCall/" + callId).status()).as("the caller reads the record").isEqualTo(200);
        assertThat(TestUser.signUp(api, "tools-eve").api().get("/classes/_ToolCall/" + callId).status()).isEqualTo(404);
        assertThat(api.get("/classes/_ToolCall/" + callId).status()).isEqualTo(404);
        assertThat(bob.api().put("/classes/_ToolCall/" + callId, "{\"status\":\"failed\"}").code()).isEqualTo(119);
        assertThat(bob.api().delete("/classes/_ToolCall/" + callId).code()).isEqualTo(119);
        assertThat(bob.api().post("/classes/_ToolCall", "{\"tool\":\"addTodo\",\"status\":\"succeeded\"}").code())
                .isEqualTo(119);

        assertThat(auditActions(callId)).containsExactly("tool.called", "tool.succeeded");
        assertThat(bob.api().find("_Audit", "{}").status()).as("the audit log is master-only").isNotEqualTo(200);
        String entry = master.find("_Audit", "{}").get("results").get(0).path("objectId").asText();
        assertThat(master.put("/classes/_Audit/" + entry, "{\"action\":\"forged\"}").code()).isEqualTo(119);
        assertThat(master.delete("/classes/_Audit/" + entry).code()).isEqualTo(119);
    }

    @Test
    void badInputIsRefusedWithItsPathAndNothingIsRecorded() {
        TestUser cleo = TestUser.signUp(api, "tools-cleo");
        Api.Response missing = cleo.api().post("/tools/addTodo", "{\"input\":{\"priority\":2}}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo(142);
        assertThat(missing.json().path("error").asText()).contains("title");
        Api.Response outOfRange = cleo.api().post("/tools/addTodo", "{\"input\":{\"title\":\"x\",\"priority\":9}}");
        assertThat(outOfRange.code()).isEqualTo(142);
        assertThat(outOfRange.json().path("error").asText()).contains("/priority");
        assertThat(cleo.api().post("/tools/addTodo", "{\"input\":{\"title\":\"x\",\"extra\":1}}").code()).isEqualTo(142);
        assertThat(cleo.api().post("/tools/addTodo", "{\"input\":[1]}").code()).isEqualTo(142);
        assertThat(api.post("/tools/addTodo", "{\"input\":{\"title\":\"x\"}}").code()).as("signed-in users only")
                .isEqualTo(206);
        assertThat(cleo.api().post("/tools/admin", "{}").code()).isEqualTo(141);
        assertThat(cleo.api().post("/tools/nope", "{}").code()).isEqualTo(141);
        assertThat(cleo.api().find("_ToolCall", "{}").get("results")).as("refused calls leave no record").isEmpty();
    }

    @Test
    void failuresAreRecordedResultsAlwaysObjects() {
        TestUser dan = TestUser.signUp(api, "tools-dan");
        Api.Response exploded = dan.api().post("/tools/explode", "{}");
        assertThat(exploded.status()).isEqualTo(200);
        assertThat(exploded.get("status").asText()).isEqualTo("failed");
        assertThat(exploded.get("error").path("message").asText()).isEqualTo("tool exploded");
        assertThat(auditActions(exploded.get("objectId").asText())).containsExactly("tool.called", "tool.failed");
        Api.Response bad = dan.api().post("/tools/badOutput", "{}");
        assertThat(bad.get("status").asText()).isEqualTo("failed");
        assertThat(bad.get("error").path("code").asInt()).isEqualTo(142);
        assertThat(dan.api().post("/tools/text", "{}").get("result").path("value").asText()).isEqualTo("just text");
    }

    @Test
    void aRetriedRequestIdRunsOnceAndAnswersTheFirstResult() throws Exception {
        Api first = api.with("X-Parse-Request-Id", "retry-1");
        Api.Response once = first.post("/tools/count", "{}");
        Api.Response again = first.post("/tools/count", "{}");
        assertThat(again.get("objectId").asText()).isEqualTo(once.get("objectId").asText());
        assertThat(again.raw().headers().firstValue("X-Heliobase-Replayed")).contains("true");
        assertThat(again.get("result")).isEqualTo(once.get("result"));

        Api racing = api.with("X-Parse-Request-Id", "race-1");
        List<CompletableFuture<Api.Response>> calls = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> racing.post("/tools/count", "{}"))).toList();
        List<String> ids = calls.stream().map(CompletableFuture::join).map(r -> r.get("objectId").asText()).distinct()
                .toList();
        assertThat(ids).as("eight concurrent retries make one call").hasSize(1);
        assertThat(master.find("_ToolCall", "{\"requestId\":\"race-1\"}").get("results")).hasSize(1);
        int before = master.find("ToolCounter", "{}", "count", "1", "limit", "0").get("count").asInt();
        racing.post("/tools/count", "{}");
        assertThat(master.find("ToolCounter", "{}", "count", "1", "limit", "0").get("count").asInt()).isEqualTo(before);
    }

    @Test
    void heldCallsRunOnlyWhenAPermittedUserApproves() {
        TestUser erin = TestUser.signUp(api, "tools-erin");
        TestUser mallory = TestUser.signUp(api, "tools-mallory");
        Api.Response held = erin.api().post("/tools/sendEmail", "{\"input\":{\"to\":\"boss@example.com\"}}");
        assertThat(held.status()).as(held.text()).isEqualTo(202);
        assertThat(held.get("status").asText()).isEqualTo("awaiting_approval");
        String id = held.get("objectId").asText();
        assertThat(master.find("Outbox", "{\"to\":\"boss@example.com\"}").get("results")).isEmpty();
        assertThat(mallory.api().post("/toolCalls/" + id + "/approve", "{}").status()).isEqualTo(404);

        Api.Response approved = erin.api().post("/toolCalls/" + id + "/approve", "{}");
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.get("status").asText()).isEqualTo("succeeded");
        assertThat(approved.get("approval").path("by").asText()).isEqualTo("user:" + erin.id());
        JsonNode sent = master.find("Outbox", "{\"to\":\"boss@example.com\"}").get("results").get(0);
        assertThat(sent.path("forUser").asText()).isEqualTo(erin.id());
        assertThat(erin.api().post("/toolCalls/" + id + "/approve", "{}").code()).as("decided once").isEqualTo(119);
        assertThat(auditActions(id)).containsExactly("tool.held", "tool.approved", "tool.succeeded");

        String second = erin.api().post("/tools/sendEmail", "{\"input\":{\"to\":\"x@example.com\"}}").get("objectId")
                .asText();
        Api.Response rejected = master.post("/toolCalls/" + second + "/reject", "{\"reason\":\"not now\"}");
        assertThat(rejected.get("status").asText()).isEqualTo("rejected");
        assertThat(rejected.get("approval").path("reason").asText()).isEqualTo("not now");
        assertThat(master.find("Outbox", "{\"to\":\"x@example.com\"}").get("results")).isEmpty();
    }

    @Test
    void roleApprovalsNeedTheRole() {
        TestUser frank = TestUser.signUp(api, "tools-frank");
        TestUser support = TestUser.signUp(api, "tools-support");
        Api.Response role = master.post("/roles", "{\"name\":\"Support\",\"ACL\":{\"*\":{\"read\":true}},"
                + "\"users\":{\"__op\":\"AddRelation\",\"objects\":[{\"__type\":\"Pointer\",\"className\":\"_User\","
                + "\"objectId\":\"" + support.id() + "\"}]}}");
        assertThat(role.status()).as(role.text()).isEqualTo(201);
        String id = frank.api().post("/tools/refund", "{}").get("objectId").asText();
        assertThat(frank.api().post("/toolCalls/" + id + "/approve", "{}").code()).as("the caller is not Support")
                .isEqualTo(119);
        Api supportApi = api.with("X-Parse-Session-Token", api.post("/login", "{\"username\":\"tools-support\","
                + "\"password\":\"pw-tools-support\"}").get("sessionToken").asText());
        assertThat(supportApi.get("/classes/_ToolCall/" + id).status()).as("approvers can read held calls")
                .isEqualTo(200);
        assertThat(supportApi.post("/toolCalls/" + id + "/approve", "{}").get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void callsFiledUnderATaskShowUpInItThroughALiveQuery() {
        TestUser gina = TestUser.signUp(api, "tools-gina");
        Api.Response task = gina.api().post("/classes/_AgentTask", "{\"goal\":\"tidy my week\",\"status\":\"running\"}");
        assertThat(task.status()).as(task.text()).isEqualTo(201);
        String taskId = task.get("objectId").asText();
        assertThat(gina.api().get("/classes/_AgentTask/" + taskId).get("owner").path("objectId").asText())
                .isEqualTo(gina.id());
        TestUser hank = TestUser.signUp(api, "tools-hank");
        assertThat(hank.api().get("/classes/_AgentTask/" + taskId).status()).as("tasks are private").isEqualTo(404);
        assertThat(hank.api().post("/tools/addTodo", "{\"input\":{\"title\":\"x\"},\"task\":\"" + taskId + "\"}").code())
                .as("nobody files calls under another's task").isEqualTo(101);

        try (LiveQueryClient live = new LiveQueryClient(server.url())) {
            live.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\",\"sessionToken\":\""
                    + gina.token() + "\"}");
            assertThat(live.next().path("op").asText()).isEqualTo("connected");
            live.send("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"_AgentTask\",\"where\":{\"objectId\":\""
                    + taskId + "\"}}}");
            assertThat(live.next().path("op").asText()).isEqualTo("subscribed");
            live.send("{\"op\":\"subscribe\",\"requestId\":2,\"query\":{\"className\":\"_ToolCall\",\"where\":{}}}");
            assertThat(live.next().path("op").asText()).isEqualTo("subscribed");

            Api.Response called = gina.api().post("/tools/addTodo", "{\"input\":{\"title\":\"plan\"},\"task\":\""
                    + taskId + "\"}");
            assertThat(called.get("status").asText()).as(called.text()).isEqualTo("succeeded");
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                JsonNode event = live.next();
                seen.add(event.path("requestId").asInt() + ":" + event.path("op").asText() + ":"
                        + (event.path("requestId").asInt() == 1 ? event.path("object").path("currentStep").asText()
                        : event.path("object").path("status").asText()));
            }
            assertThat(seen).containsExactly("2:create:running", "1:update:addTodo: running", "2:update:succeeded",
                    "1:update:addTodo: succeeded");
        }
        JsonNode stored = gina.api().get("/classes/_AgentTask/" + taskId).json();
        assertThat(stored.path("steps")).hasSize(2);
        assertThat(stored.path("steps").get(1).path("status").asText()).isEqualTo("succeeded");
        assertThat(gina.api().put("/classes/_AgentTask/" + taskId, "{\"owner\":{\"__type\":\"Pointer\",\"className\":"
                + "\"_User\",\"objectId\":\"" + hank.id() + "\"}}").code()).isEqualTo(119);
        assertThat(api.post("/classes/_AgentTask", "{\"goal\":\"anonymous\"}").code()).isEqualTo(206);
    }

    @Test
    void approvalNeverAddsRights() {
        Api.Response held = api.post("/tools/publicHeld", "{}");
        assertThat(held.status()).as(held.text()).isEqualTo(202);
        assertThat(held.get("caller").asText()).isEqualTo("public");
        JsonNode result = master.post("/toolCalls/" + held.get("objectId").asText() + "/approve", "{}").get("result");
        assertThat(result.path("master").asBoolean()).as("a signed-out caller's call runs signed out").isFalse();
        assertThat(result.path("user").isNull()).isTrue();
        assertThat(result.path("roles").asText()).as("role names stay with the validators").isEqualTo("undefined");
    }
}
