package io.heliobase.cloudcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.heliobase.cloudcode.fetch.FetchPolicy;
import io.heliobase.cloudcode.sandbox.Limits;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fetch in the sandbox against a real local HTTP server: the allow-list, redirects, size cap and timeout. */
class FetchTest {
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static HttpServer http;
    private static CloudCode cloud;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/hello", ex -> reply(ex, 200, "application/json",
                "{\"probe\":\"" + ex.getRequestHeaders().getFirst("X-Probe") + "\"}"));
        http.createContext("/echo", ex -> reply(ex, 200, "application/json",
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        http.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            reply(ex, 302, "text/plain", "moved");
        });
        http.createContext("/huge", ex -> reply(ex, 200, "text/plain", "x".repeat(2048)));
        http.createContext("/slow", ex -> {
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "text/plain", "late");
        });
        http.start();
        base = "http://127.0.0.1:" + http.getAddress().getPort();
        Path main = Path.of(FetchTest.class.getResource("/fetch.js").toURI());
        cloud = CloudCode.load(main, new Limits(Duration.ofSeconds(2), 64L * 1024 * 1024, 200_000_000L), 2,
                request -> Json.object(), new FetchPolicy(List.of("127.0.0.1:" + http.getAddress().getPort()),
                        Duration.ofMillis(500), 1024));
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        cloud.close();
        http.stop(0);
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static JsonNode run(String function, String url) {
        ObjectNode request = Json.object().put("master", false);
        request.putNull("user");
        request.set("params", Json.object().put("url", url));
        return cloud.run(function, request);
    }

    @Test
    void allowedHostsAnswer() {
        JsonNode got = run("get", base + "/hello");
        assertThat(got.path("status").asInt()).isEqualTo(200);
        assertThat(got.path("ok").asBoolean()).isTrue();
        assertThat(got.path("type").asText()).isEqualTo("application/json");
        assertThat(got.path("body").asText()).isEqualTo("{\"probe\":\"yes\"}");
        assertThat(run("post", base + "/echo").path("n").asInt()).isEqualTo(1);
    }

    @Test
    void everythingElseIsRefused() {
        int port = http.getAddress().getPort();
        for (String url : List.of("http://localhost:" + port + "/hello", "http://127.0.0.1:1/hello",
                "file:///etc/passwd", "ftp://127.0.0.1:" + port + "/", "http://user@127.0.0.1:" + port + "/hello")) {
            assertThatThrownBy(() -> run("get", url)).as(url).isInstanceOf(ParseException.class)
                    .hasMessageContaining("allow-list");
        }
        assertThatThrownBy(() -> cloud.run("objectBody", Json.object())).hasMessageContaining("body must be a string");
    }

    @Test
    void redirectsAreNotFollowedAndLimitsHold() {
        JsonNode moved = run("get", base + "/redirect");
        assertThat(moved.path("status").asInt()).as("the redirect comes back, unfollowed").isEqualTo(302);
        assertThat(moved.path("body").asText()).isEqualTo("moved");
        assertThatThrownBy(() -> run("get", base + "/huge")).hasMessageContaining("larger than 1024 bytes");
        assertThatThrownBy(() -> run("get", base + "/slow")).hasMessageContaining("did not answer within 500 ms");
    }

    @Test
    void thePolicyMatchesHostsPortsAndWildcards() {
        FetchPolicy policy = new FetchPolicy(List.of("api.example.com", "*.models.dev", "127.0.0.1:8080"),
                Duration.ofSeconds(1), 10);
        assertThat(policy.permits(URI.create("https://api.example.com/v1"))).isTrue();
        assertThat(policy.permits(URI.create("https://API.example.com:444/v1"))).as("any port without one").isTrue();
        assertThat(policy.permits(URI.create("https://evil-api.example.com/"))).isFalse();
        assertThat(policy.permits(URI.create("https://eu.models.dev/"))).isTrue();
        assertThat(policy.permits(URI.create("https://models.dev/"))).as("a wildcard is for subdomains").isFalse();
        assertThat(policy.permits(URI.create("http://127.0.0.1:8080/"))).isTrue();
        assertThat(policy.permits(URI.create("http://127.0.0.1:8081/"))).isFalse();
        assertThat(FetchPolicy.NONE.permits(URI.create("https://api.example.com/"))).isFalse();
    }
}
