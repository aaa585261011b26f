package io.heliobase.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.heliobase.core.json.Json;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presidio's analyzer for PERSON and LOCATION, against a local server that answers with Presidio's documented
 * request and response shapes; fail-closed refuses writes when it is down, fail-open writes without it.
 */
class PresidioIT {
    private static final AtomicBoolean DOWN = new AtomicBoolean();
    private static final List<JsonNode> ASKED = new CopyOnWriteArrayList<>();
    private static HttpServer presidio;
    private static TestServer closed;
    private static TestServer open;

    @BeforeAll
    static void start() throws IOException {
        presidio = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        presidio.createContext("/analyze", PresidioIT::analyze);
        presidio.start();
        String url = "http://127.0.0.1:" + presidio.getAddress().getPort();
        closed = TestServer.start(Map.of("HELIOBASE_PRESIDIO_ANALYZER_URL", url, "HELIOBASE_PRESIDIO_TIMEOUT", "1000"));
        open = TestServer.start(Map.of("HELIOBASE_PRESIDIO_ANALYZER_URL", url, "HELIOBASE_PRESIDIO_FAIL", "open"));
        for (TestServer server : List.of(closed, open)) {
            server.master().post("/schemas/Note", "{\"fields\":{\"text\":{\"type\":\"String\"}},"
                    + "\"piiPolicies\":{\"text\":{\"action\":\"redact\"}}}");
        }
    }

    @AfterAll
    static void stop() {
        closed.close();
        open.close();
        presidio.stop(0);
    }

    /** Presidio's analyzer: finds the names and places it knows, as [{entity_type, start, end, score}]. */
    private static void analyze(HttpExchange exchange) throws IOException {
        JsonNode request = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ASKED.add(request);
        if (DOWN.get()) {
            byte[] error = "{\"error\":\"service unavailable\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, error.length);
            exchange.getResponseBody().write(error);
            exchange.close();
            return;
        }
        String text = request.path("text").asText();
        ArrayNode results = Json.array();
        for (Map.Entry<String, String> known : Map.of("Ada Lovelace", "PERSON", "Paris", "LOCATION").entrySet()) {
            int start = text.indexOf(known.getKey());
            if (start >= 0) {
                results.add(Json.object().put("entity_type", known.getValue()).put("start", start)
                        .put("end", start + known.getKey().length()).put("score", 0.85)
                        .putNull("analysis_explanation").set("recognition_metadata", Json.object()
                                .put("recognizer_name", "SpacyRecognizer")));
            }
        }
        byte[] body = Json.text(results).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Api.Response note(TestServer server, String text) {
        return server.master().post("/classes/Note", "{\"text\":\"" + text + "\"}");
    }

    @Test
    void presidioFindsNamesAndPlacesBesideTheBuiltInRecognizers() {
        DOWN.set(false);
        Api.Response created = note(closed, "Ada Lovelace met me in Paris, mail ada@example.com");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(closed.master().get("/classes/Note/" + created.get("objectId").asText()).get("text").asText())
                .isEqualTo("<PERSON> met me in <LOCATION>, mail <EMAIL>");
        JsonNode asked = ASKED.getLast();
        assertThat(asked.path("language").asText()).isEqualTo("en");
        assertThat(asked.path("entities").toString()).contains("PERSON", "LOCATION").doesNotContain("EMAIL");
    }

    @Test
    void whenPresidioIsDownFailClosedRefusesAndFailOpenWritesWithoutIt() {
        DOWN.set(true);
        try {
            Api.Response refused = note(closed, "Ada Lovelace again");
            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.code()).isEqualTo(1);
            assertThat(closed.master().find("Note", "{\"text\":{\"$regex\":\"again\"}}").get("results"))
                    .as("nothing stored unscrubbed").isEmpty();
            Api.Response written = note(open, "Ada Lovelace again, ada@example.com");
            assertThat(written.status()).isEqualTo(201);
            assertThat(open.master().get("/classes/Note/" + written.get("objectId").asText()).get("text").asText())
                    .isEqualTo("Ada Lovelace again, <EMAIL>");
        } finally {
            DOWN.set(false);
        }
    }
}
