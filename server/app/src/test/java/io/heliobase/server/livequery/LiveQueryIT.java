package io.heliobase.server.livequery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import io.heliobase.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Parse LiveQuery protocol over a real WebSocket, with access control checked per event. */
class LiveQueryIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api api = server.api();

    private static LiveQueryClient connected(String extra) {
        LiveQueryClient client = new LiveQueryClient(server.url());
        client.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\"" + extra + "}");
        JsonNode connected = client.next();
        assertThat(connected.path("op").asText()).as(connected.toString()).isEqualTo("connected");
        assertThat(connected.path("clientId").asText()).isNotEmpty();
        return client;
    }

    private static void subscribe(LiveQueryClient client, int requestId, String className, String where, String extra) {
        client.send("{\"op\":\"subscribe\",\"requestId\":" + requestId + ",\"query\":{\"className\":\"" + className
                + "\",\"where\":" + where + extra + "}}");
        JsonNode subscribed = client.next();
        assertThat(subscribed.path("op").asText()).as(subscribed.toString()).isEqualTo("subscribed");
        assertThat(subscribed.path("requestId").asInt()).isEqualTo(requestId);
    }

    @Test
    void createUpdateEnterLeaveAndDeleteEvents() {
        api.post("/classes/Task", "{\"status\":\"seed\",\"progress\":0}");
        try (LiveQueryClient client = connected("")) {
            subscribe(client, 1, "Task", "{\"progress\":{\"$gte\":10}}", "");
            String id = api.post("/classes/Task", "{\"status\":\"new\",\"progress\":5}").get("objectId").asText();
            api.put("/classes/Task/" + id, "{\"progress\":20}");
            JsonNode enter = client.next();
            assertThat(enter.path("op").asText()).isEqualTo("enter");
            assertThat(enter.path("object").path("progress").asInt()).isEqualTo(20);
            assertThat(enter.path("object").path("className").asText()).isEqualTo("Task");
            assertThat(enter.path("original").path("progress").asInt()).isEqualTo(5);
            api.put("/classes/Task/" + id, "{\"progress\":50}");
            JsonNode update = client.next();
            assertThat(update.path("op").asText()).isEqualTo("update");
            assertThat(update.path("requestId").asInt()).isEqualTo(1);
            api.put("/classes/Task/" + id, "{\"progress\":1}");
            assertThat(client.next().path("op").asText()).isEqualTo("leave");
            String created = api.post("/classes/Task", "{\"status\":\"hot\",\"progress\":99}").get("objectId").asText();
            JsonNode create = client.next();
            assertThat(create.path("op").asText()).isEqualTo("create");
            assertThat(create.path("object").path("objectId").asText()).isEqualTo(created);
            assertThat(create.has("original")).isFalse();
            api.delete("/classes/Task/" + created);
            JsonNode delete = client.next();
            assertThat(delete.path("op").asText()).isEqualTo("delete");
            assertThat(delete.path("object").path("objectId").asText()).isEqualTo(created);
            client.send("{\"op\":\"unsubscribe\",\"requestId\":1}");
            assertThat(client.next().path("op").asText()).isEqualTo("unsubscribed");
            api.post("/classes/Task", "{\"status\":\"late\",\"progress\":99}");
            assertThat(client.nextOrNull(500)).as("nothing after unsubscribe").isNull();
        }
    }

    @Test
    void aclsDecidePerSubscriberAndProtectedFieldsAreRemoved() {
        var owner = api.post("/users", "{\"username\":\"lq-owner\",\"password\":\"pw\"}").json();
        String ownerId = owner.path("objectId").asText();
        server.master().post("/schemas/Note", "{\"classLevelPermissions\":{\"protectedFields\":{\"*\":[\"secret\"]}}}");
        try (LiveQueryClient anonymous = connected("");
             LiveQueryClient asOwner = connected(",\"sessionToken\":\"" + owner.path("sessionToken").asText() + "\"")) {
            subscribe(anonymous, 1, "Note", "{}", "");
            subscribe(asOwner, 1, "Note", "{}", "");
            api.post("/classes/Note", "{\"text\":\"private\",\"secret\":\"s\",\"ACL\":{\"" + ownerId
                    + "\":{\"read\":true,\"write\":true}}}");
            JsonNode ownerEvent = asOwner.next();
            assertThat(ownerEvent.path("object").path("text").asText()).isEqualTo("private");
            assertThat(ownerEvent.path("object").has("secret")).as("protected for everyone but master").isFalse();
            api.post("/classes/Note", "{\"text\":\"public\",\"secret\":\"s2\"}");
            JsonNode publicEvent = anonymous.next();
            assertThat(publicEvent.path("object").path("text").asText())
                    .as("the private note never reached the anonymous subscriber").isEqualTo("public");
            assertThat(publicEvent.path("object").has("secret")).isFalse();
            assertThat(asOwner.next().path("object").path("text").asText()).isEqualTo("public");
        }
    }

    @Test
    void roleAclsReachMembersOnlyAndRoleChangesApply() {
        var member = api.post("/users", "{\"username\":\"lq-member\",\"password\":\"pw\"}").json();
        var outsider = api.post("/users", "{\"username\":\"lq-outsider\",\"password\":\"pw\"}").json();
        server.master().post("/roles", "{\"name\":\"LqStaff\",\"ACL\":{\"*\":{\"read\":true}},\"users\":{\"__op\":"
                + "\"AddRelation\",\"objects\":[{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\""
                + member.path("objectId").asText() + "\"}]}}");
        try (LiveQueryClient asMember = connected(",\"sessionToken\":\"" + member.path("sessionToken").asText() + "\"");
             LiveQueryClient asOutsider = connected(",\"sessionToken\":\"" + outsider.path("sessionToken").asText()
                     + "\"")) {
            subscribe(asMember, 1, "StaffNote", "{}", "");
            subscribe(asOutsider, 1, "StaffNote", "{}", "");
            server.master().post("/classes/StaffNote", "{\"text\":\"staff only\",\"ACL\":{\"role:LqStaff\":{\"read\":true}}}");
            assertThat(asMember.next().path("object").path("text").asText()).isEqualTo("staff only");
            assertThat(asOutsider.nextOrNull(500)).as("not a member of the role").isNull();
        }
    }

    @Test
    void includeResolvesPointersWithTheSubscribersRights() {
        String agent = api.post("/classes/Agent", "{\"name\":\"planner\"}").get("objectId").asText();
        String hidden = api.post("/classes/Agent", "{\"name\":\"secret\",\"ACL\":{}}").get("objectId").asText();
        try (LiveQueryClient client = connected("")) {
            subscribe(client, 1, "Step", "{}", ",\"include\":[\"agent\"]");
            api.post("/classes/Step", "{\"n\":1,\"agent\":{\"__type\":\"Pointer\",\"className\":\"Agent\",\"objectId\":\""
                    + agent + "\"}}");
            JsonNode event = client.next();
            assertThat(event.path("object").path("agent").path("__type").asText()).isEqualTo("Object");
            assertThat(event.path("object").path("agent").path("name").asText()).isEqualTo("planner");
            api.post("/classes/Step", "{\"n\":2,\"agent\":{\"__type\":\"Pointer\",\"className\":\"Agent\",\"objectId\":\""
                    + hidden + "\"}}");
            JsonNode second = client.next();
            assertThat(second.path("object").path("n").asInt()).isEqualTo(2);
            assertThat(second.path("object").has("agent")).as("an unreadable pointer is dropped").isFalse();
        }
    }

    @Test
    void classLevelPermissionsAreCheckedAtSubscribe() {
        server.master().post("/schemas/Closed", "{\"classLevelPermissions\":{\"find\":{}}}");
        try (LiveQueryClient client = connected("")) {
            client.send("{\"op\":\"subscribe\",\"requestId\":7,\"query\":{\"className\":\"Closed\",\"where\":{}}}");
            JsonNode error = client.next();
            assertThat(error.path("op").asText()).isEqualTo("error");
            assertThat(error.path("code").asInt()).isEqualTo(119);
            assertThat(error.path("requestId").asInt()).isEqualTo(7);
            client.send("{\"op\":\"subscribe\",\"requestId\":8,\"query\":{\"className\":\"_Session\",\"where\":{}}}");
            assertThat(client.next().path("code").asInt()).isEqualTo(119);
            client.send("{\"op\":\"subscribe\",\"requestId\":9,\"query\":{\"className\":\"Open\",\"where\":"
                    + "{\"p\":{\"$inQuery\":{\"className\":\"X\",\"where\":{}}}}}}");
            assertThat(client.next().path("code").asInt()).isEqualTo(102);
        }
    }

    @Test
    void logoutEndsDelivery() {
        var user = api.post("/users", "{\"username\":\"lq-leaver\",\"password\":\"pw\"}").json();
        String token = user.path("sessionToken").asText();
        try (LiveQueryClient client = connected(",\"sessionToken\":\"" + token + "\"")) {
            subscribe(client, 1, "Feed", "{}", "");
            api.post("/classes/Feed", "{\"n\":1}");
            assertThat(client.next().path("op").asText()).isEqualTo("create");
            api.with("X-Parse-Session-Token", token).post("/logout", "{}");
            api.post("/classes/Feed", "{\"n\":2}");
            JsonNode ended = client.next();
            assertThat(ended.path("op").asText()).isEqualTo("error");
            assertThat(ended.path("code").asInt()).isEqualTo(209);
            api.post("/classes/Feed", "{\"n\":3}");
            assertThat(client.nextOrNull(500)).isNull();
        }
    }

    @Test
    void keysProjectAndWatchFiltersUpdates() {
        try (LiveQueryClient client = connected("")) {
            subscribe(client, 3, "Job", "{}", ",\"keys\":[\"status\"],\"watch\":[\"status\"]");
            String id = api.post("/classes/Job", "{\"status\":\"queued\",\"log\":\"x\"}").get("objectId").asText();
            JsonNode create = client.next();
            assertThat(create.path("object").path("status").asText()).isEqualTo("queued");
            assertThat(create.path("object").has("log")).isFalse();
            api.put("/classes/Job/" + id, "{\"log\":\"y\"}");
            assertThat(client.nextOrNull(500)).as("status did not change").isNull();
            api.put("/classes/Job/" + id, "{\"status\":\"done\"}");
            assertThat(client.next().path("object").path("status").asText()).isEqualTo("done");
        }
    }

    @Test
    void queryOpAnswersTheCurrentResultsWithTheSubscribersRights() {
        api.post("/classes/Board", "{\"col\":\"todo\",\"n\":1}");
        api.post("/classes/Board", "{\"col\":\"todo\",\"n\":2,\"ACL\":{}}");
        api.post("/classes/Board", "{\"col\":\"done\",\"n\":3}");
        try (LiveQueryClient client = connected("")) {
            subscribe(client, 5, "Board", "{\"col\":\"todo\"}", ",\"keys\":[\"n\"]");
            client.send("{\"op\":\"query\",\"requestId\":5}");
            JsonNode result = client.next();
            assertThat(result.path("op").asText()).isEqualTo("result");
            assertThat(result.path("requestId").asInt()).isEqualTo(5);
            assertThat(result.path("results")).hasSize(1);
            assertThat(result.path("results").get(0).path("n").asInt()).isEqualTo(1);
            assertThat(result.path("results").get(0).has("col")).as("keys projection").isFalse();
            client.send("{\"op\":\"query\",\"requestId\":99}");
            assertThat(client.next().path("code").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aClientThatReconnectsGetsWhatItMissedInOrder() {
        long last;
        try (LiveQueryClient client = connected("")) {
            subscribe(client, 1, "Resume", "{\"hot\":true}", "");
            api.post("/classes/Resume", "{\"hot\":true,\"n\":1}");
            last = client.next().path("seq").asLong();
            assertThat(last).isPositive();
        }
        String id = api.post("/classes/Resume", "{\"hot\":true,\"n\":2}").get("objectId").asText();
        api.post("/classes/Resume", "{\"hot\":false,\"n\":3}");
        api.put("/classes/Resume/" + id, "{\"n\":4}");
        api.post("/classes/Resume", "{\"hot\":true,\"n\":5,\"ACL\":{}}");
        try (LiveQueryClient client = connected("")) {
            client.send("{\"op\":\"subscribe\",\"requestId\":1,\"since\":" + last
                    + ",\"query\":{\"className\":\"Resume\",\"where\":{\"hot\":true}}}");
            assertThat(client.next().path("op").asText()).isEqualTo("subscribed");
            JsonNode first = client.next();
            assertThat(first.path("op").asText()).isEqualTo("create");
            assertThat(first.path("object").path("n").asInt()).isEqualTo(2);
            JsonNode second = client.next();
            assertThat(second.path("op").asText()).isEqualTo("update");
            assertThat(second.path("object").path("n").asInt()).isEqualTo(4);
            assertThat(second.path("seq").asLong()).isGreaterThan(first.path("seq").asLong());
            assertThat(client.nextOrNull(500)).as("n=3 did not match, n=5 is master-only").isNull();
            api.post("/classes/Resume", "{\"hot\":true,\"n\":6}");
            assertThat(client.next().path("object").path("n").asInt()).as("live events follow").isEqualTo(6);
        }
    }

    @Test
    void resumingBeyondTheRetainedEventsAsksForAResync() {
        try (TestServer small = TestServer.start(java.util.Map.of("HELIOBASE_LIVE_QUERY_RETAINED_EVENTS", "2"));
             LiveQueryClient client = new LiveQueryClient(small.url())) {
            client.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\"}");
            assertThat(client.next().path("op").asText()).isEqualTo("connected");
            for (int i = 0; i < 5; i++) {
                small.api().post("/classes/Gap", "{\"n\":" + i + "}");
            }
            client.send("{\"op\":\"subscribe\",\"requestId\":2,\"since\":1,\"query\":{\"className\":\"Gap\",\"where\":{}}}");
            assertThat(client.next().path("op").asText()).isEqualTo("subscribed");
            JsonNode resync = client.next();
            assertThat(resync.path("op").asText()).isEqualTo("resync");
            assertThat(resync.path("requestId").asInt()).isEqualTo(2);
        }
    }

    @Test
    void subscriptionCountAndMessageSizeAreBounded() {
        try (TestServer small = TestServer.start(java.util.Map.of("HELIOBASE_LIVE_QUERY_MAX_SUBSCRIPTIONS", "2",
                "HELIOBASE_LIVE_QUERY_MAX_MESSAGE_SIZE", "4kb"));
             LiveQueryClient client = new LiveQueryClient(small.url())) {
            client.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\"}");
            assertThat(client.next().path("op").asText()).isEqualTo("connected");
            for (int i = 1; i <= 2; i++) {
                client.send("{\"op\":\"subscribe\",\"requestId\":" + i
                        + ",\"query\":{\"className\":\"Cap\",\"where\":{}}}");
                assertThat(client.next().path("op").asText()).as("subscription %d of 2", i).isEqualTo("subscribed");
            }
            client.send("{\"op\":\"subscribe\",\"requestId\":3,\"query\":{\"className\":\"Cap\",\"where\":{}}}");
            JsonNode refused = client.next();
            assertThat(refused.path("op").asText()).isEqualTo("error");
            assertThat(refused.path("error").asText()).contains("maxSubscriptionsPerConnection");
            client.send("{\"op\":\"subscribe\",\"requestId\":4,\"query\":{\"className\":\"Cap\",\"where\":{\"a\":\""
                    + "x".repeat(5_000) + "\"}}}");
            JsonNode tooBig = client.next();
            assertThat(tooBig.path("code").asInt()).isEqualTo(1);
            assertThat(tooBig.path("error").asText()).contains("maxMessageSize");
        }
    }

    @Test
    void protocolErrors() {
        try (LiveQueryClient client = new LiveQueryClient(server.url())) {
            client.send("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"A\",\"where\":{}}}");
            assertThat(client.next().path("code").asInt()).as("not connected").isEqualTo(2);
            client.send("not json");
            assertThat(client.next().path("code").asInt()).isEqualTo(1);
            client.send("{\"op\":\"explode\"}");
            assertThat(client.next().path("code").asInt()).isEqualTo(1);
            client.send("{\"op\":\"connect\",\"applicationId\":\"wrong\"}");
            assertThat(client.next().path("code").asInt()).isEqualTo(4);
        }
    }
}
