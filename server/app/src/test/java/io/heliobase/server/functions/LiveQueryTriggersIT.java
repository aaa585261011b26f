package io.heliobase.server.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.livequery.LiveQueryClient;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** beforeSubscribe and afterLiveQueryEvent around live-query subscriptions and events. */
class LiveQueryTriggersIT {
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        Path cloud = Files.createTempDirectory("cloud-live").resolve("main.js");
        Files.writeString(cloud, """
                Parse.Cloud.beforeSubscribe('Message', (request) => {
                  if (!request.user) { throw new Parse.Error(141, 'sign in to subscribe'); }
                  request.query.equalTo('room', 'public').select('text', 'room');
                });
                Parse.Cloud.afterLiveQueryEvent('Message', (request) => {
                  if (request.object.get('text') === 'spam') { request.sendEvent = false; return; }
                  request.object.set('text', request.object.get('text').toUpperCase());
                  request.object.set('seenBy', request.user.id + ':' + request.event);
                });
                """);
        server = TestServer.start(Map.of("HELIOBASE_CLOUD", cloud.toString()));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LiveQueryClient connect(String sessionToken) {
        LiveQueryClient client = new LiveQueryClient(server.url());
        client.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\""
                + (sessionToken == null ? "" : ",\"sessionToken\":\"" + sessionToken + "\"") + "}");
        assertThat(client.next().path("op").asText()).isEqualTo("connected");
        client.send("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"Message\",\"where\":{}}}");
        return client;
    }

    @Test
    void beforeSubscribeRefusesOrNarrowsAndAfterEventRewritesOrDrops() {
        try (LiveQueryClient anonymous = connect(null)) {
            JsonNode refused = anonymous.next();
            assertThat(refused.path("op").asText()).isEqualTo("error");
            assertThat(refused.path("code").asInt()).isEqualTo(141);
            assertThat(refused.path("error").asText()).isEqualTo("sign in to subscribe");
        }
        Api.Response user = api.post("/users", "{\"username\":\"live-trigger\",\"password\":\"pw-live\"}");
        String userId = user.get("objectId").asText();
        try (LiveQueryClient client = connect(user.get("sessionToken").asText())) {
            assertThat(client.next().path("op").asText()).isEqualTo("subscribed");
            api.post("/classes/Message", "{\"room\":\"private\",\"text\":\"not for you\"}");
            api.post("/classes/Message", "{\"room\":\"public\",\"text\":\"spam\"}");
            api.post("/classes/Message", "{\"room\":\"public\",\"text\":\"hello\",\"secret\":\"s\"}");
            JsonNode event = client.next();
            assertThat(event.path("op").asText()).isEqualTo("create");
            JsonNode object = event.path("object");
            assertThat(object.path("text").asText()).as("the private and the spam message were not sent")
                    .isEqualTo("HELLO");
            assertThat(object.path("seenBy").asText()).isEqualTo(userId + ":create");
            assertThat(object.has("secret")).as("beforeSubscribe's select narrowed the keys").isFalse();
            assertThat(object.path("className").asText()).isEqualTo("Message");
        }
    }
}
