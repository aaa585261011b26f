package io.heliobase.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.storage.embedded.EmbeddedStore;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.RedisProcess;
import io.heliobase.server.support.ServerProcess;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With Redis, two nodes draw from one bucket: spreading requests over nodes does not multiply the limit. */
class SharedRateLimitIT {

    @Test
    void twoNodesShareOneBucket() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             EmbeddedStore store = EmbeddedStore.start(Files.createTempDirectory("rl-store"), "127.0.0.1", 0)) {
            Map<String, String> env = Map.of("HELIOBASE_DATABASE_URI", store.connectionString() + "shared",
                    "HELIOBASE_REDIS_URI", redis.uri(),
                    "HELIOBASE_RATE_LIMITS", "{\"requestPath\":\"/classes/*\",\"requestTimeWindow\":60000,"
                            + "\"requestCount\":4,\"requestMethods\":\"GET\"}");
            try (ServerProcess a = ServerProcess.start(Files.createTempDirectory("rl-a"), "rl-master", env);
                 ServerProcess b = ServerProcess.start(Files.createTempDirectory("rl-b"), "rl-master", env)) {
                Api apiA = a.api(null);
                Api apiB = b.api(null);
                int ok = 0;
                int limited = 0;
                for (int i = 0; i < 8; i++) {
                    int status = (i % 2 == 0 ? apiA : apiB).find("Anything", null).status();
                    if (status == 200) {
                        ok++;
                    } else if (status == 429) {
                        limited++;
                    }
                }
                assertThat(ok).as("four requests in total across both nodes").isEqualTo(4);
                assertThat(limited).isEqualTo(4);
            }
        }
    }
}
