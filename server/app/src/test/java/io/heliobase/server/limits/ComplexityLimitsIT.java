package io.heliobase.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/** Every request-complexity limit at its value (accepted) and one past it (refused with an error naming it). */
class ComplexityLimitsIT {
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HELIOBASE_MAX_BODY_SIZE", "2mb"));
        api = server.api();
        api.post("/classes/Limits", "{\"a\":1}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A limit: its name in the error, its value, and a request of a given size. */
    record Limit(String name, int value, IntFunction<Api.Response> request) {
        @Override
        public String toString() {
            return name + " = " + value;
        }
    }

    private static String repeat(String item, int times, String separator) {
        return String.join(separator, java.util.Collections.nCopies(times, item));
    }

    private static Api.Response where(String where) {
        return api.send("POST", "/classes/Limits", "{\"_method\":\"GET\",\"where\":" + where + "}");
    }

    static Stream<Limit> limits() {
        return Stream.of(
            new Limit("maxBatchSize", 100, n -> api.post("/batch", "{\"requests\":[" + repeat(
                    "{\"method\":\"GET\",\"path\":\"/parse/classes/Limits\"}", n, ",") + "]}")),
            new Limit("maxOrWidth", 100, n -> where("{\"$or\":[" + repeat("{\"a\":1}", n, ",") + "]}")),
            new Limit("maxInValues", 10_000, n -> where("{\"a\":{\"$in\":[" + repeat("1", n, ",") + "]}}")),
            new Limit("maxRegexLength", 1_000, n -> where("{\"a\":{\"$regex\":\"" + "a".repeat(n) + "\"}}")),
            new Limit("maxSubqueryDepth", 5, n -> where(nestedInQuery(n))),
            new Limit("maxIncludeCount", 50, n -> api.send("POST", "/classes/Limits", "{\"_method\":\"GET\","
                    + "\"include\":\"" + includes(n) + "\"}")),
            new Limit("maxIncludeDepth", 5, n -> api.send("POST", "/classes/Limits", "{\"_method\":\"GET\","
                    + "\"include\":\"" + repeat("p", n, ".") + "\"}")),
            new Limit("maxLimit", 1_000, n -> api.find("Limits", null, "limit", Integer.toString(n))));
    }

    private static String nestedInQuery(int depth) {
        String inner = "{}";
        for (int i = 0; i < depth; i++) {
            inner = "{\"p\":{\"$inQuery\":{\"className\":\"Limits\",\"where\":" + inner + "}}}";
        }
        return inner;
    }

    private static String includes(int count) {
        StringBuilder paths = new StringBuilder();
        for (int i = 0; i < count; i++) {
            paths.append(i == 0 ? "" : ",").append("p").append(i);
        }
        return paths.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void atTheLimitIsAcceptedAndOnePastIsRefused(Limit limit) {
        Api.Response at = limit.request().apply(limit.value());
        assertThat(at.status()).as(limit.name() + " at the limit: " + at.text().substring(0,
                Math.min(200, at.text().length()))).isEqualTo(200);
        Api.Response past = limit.request().apply(limit.value() + 1);
        assertThat(past.status()).as(limit.name() + " past the limit").isEqualTo(400);
        assertThat(past.get("error").asText()).contains(limit.name());
    }
}
