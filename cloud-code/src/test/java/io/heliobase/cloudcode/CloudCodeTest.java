package io.heliobase.cloudcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.cloudcode.sandbox.Limits;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cloud functions in the sandbox: results, errors, validators, budgets and the escape suite. */
class CloudCodeTest {
    private static final Limits TRIGGER_LIMITS = new Limits(Duration.ofSeconds(1), 64L * 1024 * 1024, 200_000_000L);
    private static CloudCode cloud;
    /** What the scripts asked of the server, in order. */
    private static final List<ObjectNode> asked = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        Path main = Path.of(CloudCodeTest.class.getResource("/main.js").toURI());
        cloud = CloudCode.load(main, new Limits(Duration.ofMillis(1500), 64L * 1024 * 1024, 200_000_000L), 2,
                CloudCodeTest::answer);
    }

    /** A small stand-in for the data service: answers finds with one game, saves with ids, running beforeSave. */
    private static JsonNode answer(ObjectNode request) {
        asked.add(request.deepCopy());
        String className = request.path("className").asText();
        return switch (request.path("op").asText()) {
            case "find" -> Json.parse("""
                    {"results":[{"objectId":"g1","score":12,"when":{"__type":"Date","iso":"2026-01-02T00:00:00.000Z"},
                     "owner":{"__type":"Pointer","className":"_User","objectId":"u1"}}]}""");
            case "create" -> {
                ObjectNode saved = Json.object().put("objectId", "new1").put("createdAt", "2026-11-30T00:00:00.000Z");
                if (cloud.triggers().contains("beforeSave:" + className)) {
                    ObjectNode trigger = Json.object().put("master", request.path("auth").path("master").asBoolean());
                    trigger.putNull("user");
                    trigger.set("object", request.path("data").deepCopy());
                    saved.setAll((ObjectNode) cloud.trigger("beforeSave", className, trigger, TRIGGER_LIMITS)
                            .path("changes"));
                }
                yield saved;
            }
            case "update" -> Json.object().put("updatedAt", "2026-11-30T00:00:01.000Z");
            default -> throw new ParseException(ParseErrorCode.COMMAND_UNAVAILABLE, "not in this test");
        };
    }

    @AfterAll
    static void close() {
        cloud.close();
    }

    private static ObjectNode request(String params) {
        ObjectNode request = Json.object();
        request.set("params", Json.parse(params));
        request.put("master", false);
        request.putNull("user");
        return request;
    }

    private static ParseErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (ParseException e) {
            return e.code();
        }
        throw new AssertionError("expected a ParseException");
    }

    @Test
    void functionsAnswerJson() {
        assertThat(cloud.run("hello", request("{\"name\":\"ada\"}")).toString()).isEqualTo("{\"greeting\":\"hello ada\"}");
        assertThat(cloud.run("asyncSum", request("{\"a\":2,\"b\":3}")).asInt()).isEqualTo(5);
        ObjectNode asUser = request("{}");
        asUser.set("user", Json.object().put("objectId", "u1"));
        assertThat(cloud.run("whoami", asUser).path("user").asText()).isEqualTo("u1");
        assertThat(cloud.functionNames()).contains("hello", "asyncSum");
    }

    @Test
    void errorsKeepTheirCodesAndUnknownFunctionsAre141() {
        assertThat(codeOf(() -> cloud.run("fails", request("{}")))).isEqualTo(ParseErrorCode.OBJECT_NOT_FOUND);
        assertThatThrownBy(() -> cloud.run("throwsString", request("{}"))).hasMessage("bad stuff happened");
        assertThat(codeOf(() -> cloud.run("throwsString", request("{}")))).isEqualTo(ParseErrorCode.SCRIPT_FAILED);
        assertThatThrownBy(() -> cloud.run("nope", request("{}"))).hasMessage("Invalid function: \"nope\"");
    }

    @Test
    void triggersAreRegisteredByTypeAndClassAndReportTheirChanges() {
        assertThat(cloud.triggers()).contains("beforeSave:Task", "afterFind:Task", "beforeLogin:_User");
        Limits limits = new Limits(Duration.ofSeconds(1), 64L * 1024 * 1024, 200_000_000L);
        ObjectNode save = request("{}");
        save.set("object", Json.parse("{\"title\":\"  plan  \",\"revision\":2,\"scratch\":true}"));
        assertThat(codeOf(() -> cloud.trigger("beforeSave", "Task", save, limits)))
                .as("the trigger's validator").isEqualTo(ParseErrorCode.VALIDATION_ERROR);
        save.set("user", Json.object().put("objectId", "u1"));
        assertThat(cloud.trigger("beforeSave", "Task", save, limits).path("changes").toString())
                .isEqualTo("{\"title\":\"plan\",\"revision\":3,\"scratch\":{\"__op\":\"Delete\"}}");
        ObjectNode find = request("{}");
        find.set("objects", Json.parse("[{\"objectId\":\"a\"},{\"objectId\":\"b\"}]"));
        assertThat(cloud.trigger("afterFind", "Task", find, limits).path("objects").toString())
                .isEqualTo("[{\"objectId\":\"a\"}]");
        assertThat(cloud.trigger("beforeSave", "Untriggered", save, limits).path("changes").isEmpty()).isTrue();
    }

    @Test
    void validatorsAre142() {
        assertThat(codeOf(() -> cloud.run("validated", request("{\"count\":1}")))).isEqualTo(ParseErrorCode.VALIDATION_ERROR);
        ObjectNode asUser = request("{\"count\":\"one\"}");
        asUser.set("user", Json.object().put("objectId", "u1"));
        assertThatThrownBy(() -> cloud.run("validated", asUser)).hasMessageContaining("Invalid type for count");
    }

    @Test
    void noWayToTheHost() {
        var seen = cloud.run("escape", request("{}"));
        assertThat(seen.path("java").asText()).isEqualTo("undefined");
        assertThat(seen.path("polyglot").asText()).isEqualTo("undefined");
        assertThat(seen.path("load").asText()).isEqualTo("undefined");
        assertThat(seen.path("print").asText()).isEqualTo("undefined");
        assertThat(seen.path("process").asText()).isEqualTo("undefined");
        assertThat(seen.path("globalRequire").asText()).isEqualTo("undefined");
        assertThat(cloud.run("hostProbe", request("{}")).asText()).startsWith("refused");
    }

    @Test
    void runawayScriptsAreStoppedWhileOthersStillRun() throws Exception {
        CompletableFuture<ParseErrorCode> spin = CompletableFuture.supplyAsync(() -> codeOf(() -> cloud.run("spin",
                request("{}"))));
        // a normal call on the other worker completes while the runaway one burns its budget
        assertThat(cloud.run("hello", request("{}")).path("greeting").asText()).isEqualTo("hello world");
        assertThat(spin.get(60, TimeUnit.SECONDS)).isEqualTo(ParseErrorCode.SCRIPT_FAILED);
        assertThatThrownBy(() -> cloud.run("bomb", request("{}"))).hasMessageContaining("was stopped");
        assertThat(codeOf(() -> cloud.run("recurse", request("{}")))).isEqualTo(ParseErrorCode.SCRIPT_FAILED);
        assertThat(cloud.run("hello", request("{}")).path("greeting").asText()).as("the sandbox recovers")
                .isEqualTo("hello world");
    }

    @Test
    void aFunctionDeclaringTimeoutMsRunsOnItsOwnBudget() {
        assertThatThrownBy(() -> cloud.run("spinOnOwnBudget", request("{}")))
                .hasMessageContaining("more than 200 ms of CPU");
        assertThatThrownBy(() -> cloud.run("spin", request("{}"))).as("the others keep the server's budget")
                .hasMessageContaining("more than 1500 ms of CPU");
    }

    @Test
    void queriesAreSentInParseRestFormAndResultsComeBackAsObjects() {
        asked.clear();
        JsonNode result = cloud.run("queryShape", request("{}"));
        assertThat(result.toString()).isEqualTo("""
                {"kind":true,"id":"g1","score":12,"when":true,"owner":"_User"}""");
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst()).isEqualTo(Json.parse("""
                {"op":"find","auth":{"master":true},"className":"Game","params":{"where":{"player":"ada",
                 "score":{"$gt":10},"level":{"$in":[1,2]},"name":{"$regex":"^\\\\Qa.b\\\\E"},"ok":{"$exists":true}},
                 "include":"owner","keys":"score,name","order":"-score","limit":5,"skip":2}}"""));
    }

    @Test
    void savesSendValuesFirstAndOperationsAfter() {
        asked.clear();
        JsonNode game = cloud.run("saveShape", request("{}"));
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).isEqualTo(Json.parse("""
                {"op":"create","auth":{"sessionToken":"r:abc"},"className":"Game",
                 "data":{"score":1,"when":{"__type":"Date","iso":"2026-01-02T00:00:00.000Z"}}}"""));
        assertThat(asked.get(1)).isEqualTo(Json.parse("""
                {"op":"update","auth":{},"className":"Game","objectId":"new1",
                 "data":{"score":{"__op":"Increment","amount":3},"tags":{"__op":"AddUnique","objects":["x"]}}}"""));
        assertThat(game.path("__type").asText()).as("objects are returned whole").isEqualTo("Object");
        assertThat(game.path("className").asText()).isEqualTo("Game");
        assertThat(game.path("score").asInt()).isEqualTo(4);
        assertThat(game.path("updatedAt").asText()).isEqualTo("2026-11-30T00:00:01.000Z");
    }

    @Test
    void scriptsCallingBackIntoTheSandboxRunNestedWithinTheirBudget() {
        assertThat(cloud.run("nested", request("{}")).asText()).as("the nested beforeSave trimmed the title")
                .isEqualTo("nested");
        assertThatThrownBy(() -> cloud.run("deep", request("{}"))).isInstanceOf(ParseException.class)
                .hasMessageContaining("nested more than");
        assertThat(cloud.run("hello", request("{}")).path("greeting").asText()).isEqualTo("hello world");
    }

    @Test
    void beforeFindAnswersTheChangedQuery() {
        ObjectNode find = request("{}");
        find.set("query", Json.parse("""
                {"where":{"owner":"u1"},"order":"title"}"""));
        assertThat(cloud.trigger("beforeFind", "Task", find, TRIGGER_LIMITS).path("query")).isEqualTo(Json.parse("""
                {"where":{"owner":"u1","archived":false},"order":"title","limit":10}"""));
    }

    @Test
    void requireLoadsTheCloudFolderOnly() {
        JsonNode seen = cloud.run("modules", request("{}"));
        assertThat(seen.path("greeting").asText()).isEqualTo("hello ada!");
        assertThat(seen.path("same").asBoolean()).as("modules load once").isTrue();
        assertThat(seen.path("refused")).hasSize(4);
    }

    @Test
    void theEscapeSuiteFindsNoWayOut() {
        JsonNode seen = cloud.run("escapeSuite", request("{}"));
        for (String name : List.of("java", "graal", "packages", "javaPkg", "polyglot", "debug", "process", "host",
                "pending", "worker", "loadWithNashorn")) {
            assertThat(seen.path(name).asText()).as(name).isEqualTo("undefined");
        }
        assertThat(seen.path("timers").asText()).as("no timers to outlive a budget")
                .isEqualTo("undefined,undefined,undefined,undefined");
        assertThat(seen.path("functionCtor").asText()).as("Function('return this') finds no host").isEqualTo("undefined");
    }

    @Test
    void giantStringsAndRegexBombsAreStoppedOrHarmless() throws Exception {
        CompletableFuture<ParseErrorCode> giant = CompletableFuture.supplyAsync(() -> codeOf(() -> cloud.run(
                "giantString", request("{}"))));
        assertThat(cloud.run("hello", request("{}")).path("greeting").asText()).isEqualTo("hello world");
        assertThat(giant.get(60, TimeUnit.SECONDS)).isEqualTo(ParseErrorCode.SCRIPT_FAILED);
        // GraalJS's regex engine does not backtrack on this pattern: it answers, or the CPU budget stops it
        try {
            assertThat(cloud.run("regexBomb", request("{}")).asBoolean()).isFalse();
        } catch (ParseException stopped) {
            assertThat(stopped.code()).isEqualTo(ParseErrorCode.SCRIPT_FAILED);
        }
        assertThat(cloud.run("hello", request("{}")).path("greeting").asText()).isEqualTo("hello world");
    }

    @Test
    void headersAreCaseInsensitiveAndRoleAclsRoundTrip() {
        JsonNode seen = cloud.run("headersAndAcl", request("{}"));
        assertThat(seen.path("type").asText()).isEqualTo("application/json");
        assertThat(seen.path("tags").asText()).isEqualTo("a, b");
        assertThat(seen.path("roleRead").asBoolean()).isTrue();
        assertThat(seen.path("roleWrite").asBoolean()).isTrue();
        assertThat(seen.path("json").toString()).isEqualTo("{\"role:Admins\":{\"read\":true,\"write\":true}}");
    }
}
