package io.heliobase.server.livequery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.storage.embedded.EmbeddedStore;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.RedisProcess;
import io.heliobase.server.support.ServerProcess;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two server processes sharing one database and one Redis: a client connected to one node sees writes made on the
 * other, in both directions, still filtered by ACL.
 */
class MultiNodeLiveQueryIT {
    private static final String MASTER_KEY = "multi-node-master-key";

    @Test
    void eventsCrossNodesThroughRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             EmbeddedStore store = EmbeddedStore.start(Files.createTempDirectory("mn-store"), "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("HELIOBASE_DATABASE_URI", store.connectionString() + "shared",
                    "HELIOBASE_REDIS_URI", redis.uri());
            try (ServerProcess nodeA = ServerProcess.start(Files.createTempDirectory("node-a"), MASTER_KEY, env);
                 ServerProcess nodeB = ServerProcess.start(Files.createTempDirectory("node-b"), MASTER_KEY, env);
                 LiveQueryClient onB = connect(nodeB);
                 LiveQueryClient onA = connect(nodeA)) {
                subscribe(onB, "Progress");
                subscribe(onA, "Progress");
                Api apiA = nodeA.api(null);
                Api apiB = nodeB.api(null);
                String id = apiA.post("/classes/Progress", "{\"step\":1}").get("objectId").asText();
                JsonNode seenOnB = onB.next();
                assertThat(seenOnB.path("op").asText()).isEqualTo("create");
                assertThat(seenOnB.path("object").path("objectId").asText()).isEqualTo(id);
                assertThat(onA.next().path("object").path("objectId").asText()).isEqualTo(id);
                apiB.put("/classes/Progress/" + id, "{\"step\":2}");
                JsonNode updateOnA = onA.next();
                assertThat(updateOnA.path("op").asText()).isEqualTo("update");
                assertThat(updateOnA.path("object").path("step").asInt()).isEqualTo(2);
                assertThat(onB.next().path("op").asText()).isEqualTo("update");
                apiA.post("/classes/Progress", "{\"step\":3,\"ACL\":{}}");
                apiA.post("/classes/Progress", "{\"step\":4}");
                assertThat(onB.next().path("object").path("step").asInt())
                        .as("the master-only object crossed no node").isEqualTo(4);
            }
        }
    }

    private static LiveQueryClient connect(ServerProcess node) {
        LiveQueryClient client = new LiveQueryClient(node.url());
        client.send("{\"op\":\"connect\",\"applicationId\":\"" + TestServer.APP_ID + "\"}");
        assertThat(client.next().path("op").asText()).isEqualTo("connected");
        return client;
    }

    private static void subscribe(LiveQueryClient client, String className) {
        client.send("{\"op\":\"subscribe\",\"requestId\":1,\"query\":{\"className\":\"" + className
                + "\",\"where\":{}}}");
        assertThat(client.next().path("op").asText()).isEqualTo("subscribed");
    }
}
