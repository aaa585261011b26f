package io.heliobase.server.classes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sorted, limited pages on the embedded store (served by sorting ids and keys in Java, not in the store) come out in
 * MongoDB's order: missing and null first, ints and doubles compared as numbers, ties broken by the next key.
 */
class SortedPagesApiIT {
    private static TestServer server;
    private static Api api;
    private static final List<Row> ROWS = new ArrayList<>();

    private record Row(String name, Double score, int group) {
    }

    @BeforeAll
    static void seed() {
        server = TestServer.start();
        api = server.api();
        for (int i = 0; i < 60; i++) {
            Double score = i % 11 == 0 ? null : (i % 3 == 0 ? (i * 7 % 23) + 0.5 : (double) (i * 7 % 23));
            String name = "n" + String.format("%02d", i);
            String scoreJson = score == null ? (i % 2 == 0 ? "" : ",\"score\":null")
                    : ",\"score\":" + (score % 1 == 0 ? Integer.toString(score.intValue()) : score.toString());
            api.post("/classes/Page", "{\"name\":\"" + name + "\",\"group\":" + (i % 4) + scoreJson + "}");
            ROWS.add(new Row(name, score, i % 4));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "order={0} skip={1} limit={2}")
    @CsvSource({"score,0,10", "-score,0,10", "score,15,20", "'group,-score,name',5,25", "'-group,name',0,100",
        "name,50,30"})
    void pagesFollowMongoOrder(String order, int skip, int limit) {
        Comparator<Row> comparator = null;
        for (String key : order.split(",")) {
            boolean desc = key.startsWith("-");
            String field = desc ? key.substring(1) : key;
            Comparator<Row> byKey = switch (field) {
                case "score" -> Comparator.comparing(Row::score, Comparator.nullsFirst(Comparator.naturalOrder()));
                case "group" -> Comparator.comparingInt(Row::group);
                default -> Comparator.comparing(Row::name);
            };
            byKey = desc ? byKey.reversed() : byKey;
            comparator = comparator == null ? byKey : comparator.thenComparing(byKey);
        }
        List<Row> sorted = new ArrayList<>(ROWS);
        sorted.sort(comparator);
        Api.Response response = api.find("Page", null, "order", order, "skip", Integer.toString(skip),
                "limit", Integer.toString(limit));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        List<JsonNode> results = new ArrayList<>();
        response.get("results").forEach(results::add);
        assertThat(results).hasSize(Math.max(0, Math.min(limit, ROWS.size() - skip)));
        for (int i = 0; i < results.size(); i++) {
            Row expected = sorted.get(skip + i);
            JsonNode got = results.get(i);
            if (order.contains("name") && !order.startsWith("score") && !order.startsWith("-score")
                    || order.equals("name")) {
                assertThat(got.path("name").asText()).as("row %d", i).isEqualTo(expected.name());
            }
            Double score = got.hasNonNull("score") ? got.get("score").asDouble() : null;
            assertThat(score).as("score of row %d", i).isEqualTo(expected.score());
        }
    }
}
