package io.heliobase.server.classes;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Creates that overlap are stored together; each still gets its own object, answer and error. */
class ConcurrentCreatesIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api api = server.api();
    private static final Api master = server.master();

    @Test
    void overlappingCreatesEachGetTheirOwnObject() throws Exception {
        master.post("/classes/Overlap", "{\"n\":-1}"); // the class exists, so clients may create in it
        List<Callable<Api.Response>> creates = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String body = i % 12 == 5 ? "{\"n\":\"not a number\"}" : "{\"n\":" + i + ",\"p\":{\"__type\":\"Pointer\","
                    + "\"className\":\"Other\",\"objectId\":\"o" + i + "\"}}";
            Api caller = i % 2 == 0 ? master : api; // master creates are also audited, in groups of their own
            creates.add(() -> caller.post("/classes/Overlap", body));
        }
        List<Api.Response> responses = runAll(creates);

        for (int i = 0; i < responses.size(); i++) {
            Api.Response response = responses.get(i);
            if (i % 12 == 5) {
                assertThat(response.code()).as("create %d", i).isEqualTo(111);
                continue;
            }
            assertThat(response.status()).as("create %d: %s", i, response.text()).isEqualTo(201);
            var stored = master.get("/classes/Overlap/" + response.get("objectId").asText());
            assertThat(stored.get("n").asInt()).isEqualTo(i);
            assertThat(stored.get("p").get("objectId").asText()).isEqualTo("o" + i);
        }
        assertThat(master.find("Overlap", "{\"n\":{\"$gte\":0}}", "count", "1", "limit", "0").get("count").asInt())
                .isEqualTo(44);
    }

    @Test
    void overlappingSignUpsWithTheSameUsernameLeaveOneAccountEach() throws Exception {
        List<Callable<Api.Response>> signUps = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String body = "{\"username\":\"twin" + (i % 8) + "\",\"password\":\"pw-" + i + "\"}";
            signUps.add(() -> api.post("/users", body));
        }
        List<Api.Response> responses = runAll(signUps);

        List<String> created = Collections.synchronizedList(new ArrayList<>());
        for (Api.Response response : responses) {
            if (response.status() == 201) {
                created.add(response.get("objectId").asText());
            } else {
                assertThat(response.code()).as(response.text()).isIn(202, 137);
            }
        }
        assertThat(created).hasSize(8).doesNotHaveDuplicates();
        assertThat(master.find("_User", "{\"username\":{\"$regex\":\"^twin\"}}", "limit", "100").get("results"))
                .hasSize(8);
    }

    private static List<Api.Response> runAll(List<Callable<Api.Response>> calls) throws Exception {
        List<Future<Api.Response>> futures = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Callable<Api.Response> call : calls) {
                futures.add(pool.submit(call));
            }
        }
        List<Api.Response> responses = new ArrayList<>();
        for (Future<Api.Response> future : futures) {
            responses.add(future.get());
        }
        return responses;
    }
}
