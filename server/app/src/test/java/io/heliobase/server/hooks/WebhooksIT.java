package io.heliobase.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /hooks: functions and triggers served by another HTTP service (a real local one here). */
class WebhooksIT {
    private static HttpServer receiver;
    private static String base;
    private static final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private static TestServer server;
    private static Api master;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/fn/greet", ex -> {
            JsonNode body = read(ex);
            reply(ex, "{\"success\":{\"hello\":\"" + body.path("params").path("name").asText() + "\",\"key\":\""
                    + ex.getRequestHeaders().getFirst("X-Parse-Webhook-Key") + "\"}}");
        });
        receiver.createContext("/fn/fail", ex -> {
            read(ex);
            reply(ex, "{\"error\":\"webhook says no\"}");
        });
        receiver.createContext("/trigger/beforeSave", ex -> {
            JsonNode body = read(ex);
            JsonNode object = body.path("object");
            if ("reject".equals(object.path("title").asText())) {
                reply(ex, "{\"error\":{\"code\":142,\"message\":\"titles cannot be reject\"}}");
                return;
            }
            reply(ex, "{\"success\":{\"title\":\"" + object.path("title").asText().toUpperCase() + "\",\"checked\":true}}");
        });
        receiver.createContext("/trigger/afterSave", ex -> {
            read(ex);
            reply(ex, "{\"success\":true}");
        });
        receiver.start();
        base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        server = TestServer.start(Map.of("HELIOBASE_WEBHOOK_KEY", "hook-secret"));
        master = server.master();
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.stop(0);
    }

    private static JsonNode read(HttpExchange exchange) throws IOException {
        JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        received.add(body);
        return body;
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void functionHooksAreRegisteredListedCalledAndRemoved() {
        Api.Response created = master.post("/hooks/functions", "{\"functionName\":\"greet\",\"url\":\"" + base
                + "/fn/greet\"}");
        assertThat(created.json().toString()).as(created.text()).isEqualTo("{\"functionName\":\"greet\",\"url\":\""
                + base + "/fn/greet\"}");
        assertThat(master.post("/hooks/functions", "{\"functionName\":\"greet\",\"url\":\"" + base + "/x\"}").code())
                .isEqualTo(143);
        assertThat(server.api().post("/hooks/functions", "{\"functionName\":\"x\",\"url\":\"" + base + "\"}").status())
                .isEqualTo(403);
        assertThat(master.get("/hooks/functions").json()).hasSize(1);

        Api.Response called = server.api().post("/functions/greet", "{\"name\":\"ada\"}");
        assertThat(called.get("result").path("hello").asText()).as(called.text()).isEqualTo("ada");
        assertThat(called.get("result").path("key").asText()).isEqualTo("hook-secret");

        master.post("/hooks/functions", "{\"functionName\":\"fail\",\"url\":\"" + base + "/fn/fail\"}");
        Api.Response failed = server.api().post("/functions/fail", "{}");
        assertThat(failed.code()).isEqualTo(141);
        assertThat(failed.json().path("error").asText()).isEqualTo("webhook says no");

        assertThat(master.put("/hooks/functions/greet", "{\"url\":\"" + base + "/fn/fail\"}").status()).isEqualTo(200);
        assertThat(server.api().post("/functions/greet", "{}").code()).as("the new url serves it").isEqualTo(141);
        assertThat(master.put("/hooks/functions/greet", "{\"__op\":\"Delete\"}").status()).isEqualTo(200);
        assertThat(master.get("/hooks/functions/greet").code()).isEqualTo(143);
        assertThat(server.api().post("/functions/greet", "{}").code()).isEqualTo(141);
    }

    @Test
    void triggerHooksChangeOrRefuseSaves() {
        Api.Response registered = master.post("/hooks/triggers", "{\"className\":\"Post\",\"triggerName\":"
                + "\"beforeSave\",\"url\":\"" + base + "/trigger/beforeSave\"}");
        assertThat(registered.status()).as(registered.text()).isEqualTo(200);
        assertThat(master.post("/hooks/triggers", "{\"className\":\"Post\",\"triggerName\":\"afterSave\",\"url\":\""
                + base + "/trigger/afterSave\"}").status()).isEqualTo(200);
        assertThat(master.post("/hooks/triggers", "{\"className\":\"Post\",\"triggerName\":\"beforeFind\",\"url\":\""
                + base + "/x\"}").code()).isEqualTo(143);

        Api.Response saved = server.api().post("/classes/Post", "{\"title\":\"hello\"}");
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        assertThat(saved.get("title").asText()).isEqualTo("HELLO");
        JsonNode stored = server.api().get("/classes/Post/" + saved.get("objectId").asText()).json();
        assertThat(stored.path("title").asText()).isEqualTo("HELLO");
        assertThat(stored.path("checked").asBoolean()).isTrue();

        Api.Response refused = server.api().post("/classes/Post", "{\"title\":\"reject\"}");
        assertThat(refused.code()).isEqualTo(142);
        assertThat(refused.json().path("error").asText()).isEqualTo("titles cannot be reject");
        assertThat(received).anyMatch(body -> "afterSave".equals(body.path("triggerName").asText())
                && "HELLO".equals(body.path("object").path("title").asText()));
        assertThat(master.get("/hooks/triggers/Post/beforeSave").json().path("url").asText())
                .isEqualTo(base + "/trigger/beforeSave");
    }
}
