package io.heliobase.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Every write the API acknowledged survives {@code kill -9} of the server on the embedded store: the server process
 * is killed under concurrent write load, restarted on the same data directory, and every acknowledged objectId is
 * read back.
 */
class KillNineDurabilityIT {
    private static final int WRITERS = 8;
    private static final int ACKS_BEFORE_KILL = 600;
    /** Values of every stored type, so reading after the restart proves each one can be decoded from disk. */
    private static final String TYPED_VALUES = """
            {"when":{"__type":"Date","iso":"2024-06-01T12:34:56.789Z"},"bytes":{"__type":"Bytes","base64":"AQID/w=="},
             "geo":{"__type":"GeoPoint","latitude":40.5,"longitude":-73.25},"n":42,"big":1099511627776,"frac":2.5,
             "ptr":{"__type":"Pointer","className":"Other","objectId":"abcdefghij"},
             "nested":{"list":[1,2.5,true,null,"s"],"when":{"__type":"Date","iso":"2024-01-01T00:00:00.000Z"}}}""";

    @Test
    void acknowledgedCreatesSurviveKillNine() throws Exception {
        Path dataDir = Files.createTempDirectory("durability");
        String masterKey = "durability-master-key";
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
        ServerProcess server = ServerProcess.start(dataDir, masterKey, Map.of());
        Api api = server.api(masterKey);
        String typed = api.post("/classes/Typed", TYPED_VALUES).get("objectId").asText();
        String file = api.sendBytes("POST", "/files/kept.bin", new byte[] {0, 1, 2, (byte) 255},
                "application/octet-stream").get("name").asText();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 100_000 && !stop.get(); i++) {
                    try {
                        Api.Response response = api.post("/classes/Durable", "{\"writer\":" + writer + ",\"i\":" + i + "}");
                        if (response.status() == 201) {
                            acknowledged.add(response.get("objectId").asText());
                            enough.countDown();
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            }));
        }
        assertThat(enough.await(120, TimeUnit.SECONDS)).as("writes were acknowledged").isTrue();
        server.kill();
        stop.set(true);
        for (Thread t : writers) {
            t.join(TimeUnit.SECONDS.toMillis(40));
        }
        Set<String> ids = Set.copyOf(acknowledged);
        assertThat(ids.size()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (ServerProcess restarted = ServerProcess.start(dataDir, masterKey, Map.of())) {
            Api master = restarted.api(masterKey);
            Set<String> found = ConcurrentHashMap.newKeySet();
            String lastId = "";
            while (true) {
                Api.Response page = master.find("Durable", "{\"objectId\":{\"$gt\":\"" + lastId + "\"}}",
                        "order", "objectId", "limit", "1000", "keys", "objectId");
                assertThat(page.status()).as(page.text()).isEqualTo(200);
                var results = page.get("results");
                if (results.isEmpty()) {
                    break;
                }
                results.forEach(r -> found.add(r.path("objectId").asText()));
                lastId = results.get(results.size() - 1).path("objectId").asText();
            }
            assertThat(found).as("every acknowledged objectId is still there after kill -9").containsAll(ids);
            var restored = master.get("/classes/Typed/" + typed).json();
            var expected = io.heliobase.core.json.Json.parse(TYPED_VALUES);
            expected.properties().forEach(e -> assertThat(restored.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue()));
            assertThat(master.get("/files/" + io.heliobase.server.support.TestServer.APP_ID + "/" + file).raw().body())
                    .containsExactly(0, 1, 2, 255);
        }
    }
}
