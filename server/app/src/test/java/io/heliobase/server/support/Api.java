package io.heliobase.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** A small HTTP client for API tests: Parse headers, JSON in and out. */
public final class Api {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Read at each request, so an Api can be made before its server has a port. */
    private final Supplier<String> baseUrl;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Api(String baseUrl, String appId, String masterKey) {
        this(() -> baseUrl, appId, masterKey);
    }

    Api(Supplier<String> baseUrl, String appId, String masterKey) {
        this.baseUrl = baseUrl;
        if (appId != null) {
            headers.put("X-Parse-Application-Id", appId);
        }
        if (masterKey != null) {
            headers.put("X-Parse-Master-Key", masterKey);
        }
    }

    /** A copy with one more header. */
    public Api with(String name, String value) {
        Api copy = new Api(baseUrl, null, null);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    public Api without(String name) {
        Api copy = new Api(baseUrl, null, null);
        copy.headers.putAll(headers);
        copy.headers.remove(name);
        return copy;
    }

    /** A response: status, parsed JSON body (or null), headers. */
    public record Response(int status, JsonNode json, String text, HttpResponse<byte[]> raw) {
        public JsonNode get(String field) {
            return json.get(field);
        }

        public int code() {
            return json.path("code").asInt();
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response find(String className, String where, String... params) {
        StringBuilder query = new StringBuilder("/classes/" + className + "?");
        if (where != null) {
            query.append("where=").append(URLEncoder.encode(where, StandardCharsets.UTF_8)).append('&');
        }
        for (int i = 0; i < params.length; i += 2) {
            query.append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8))
                    .append('&');
        }
        return get(query.toString());
    }

    public Response post(String path, String json) {
        return send("POST", path, json);
    }

    public Response put(String path, String json) {
        return send("PUT", path, json);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response send(String method, String path, String body) {
        return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public Response sendBytes(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            JsonNode json = null;
            String type = response.headers().firstValue("content-type").orElse("");
            if (type.startsWith("application/json") && !text.isEmpty()) {
                json = Json.parse(text);
            }
            return new Response(response.statusCode(), json, text, response);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
