package io.heliobase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: a status, JSON or raw bytes, and extra headers. */
public record ParseResponse(int status, JsonNode json, byte[] bytes, String contentType, Map<String, String> headers) {

    public ParseResponse {
        headers = Map.copyOf(headers);
    }

    public static ParseResponse ok(JsonNode json) {
        return new ParseResponse(200, json, null, null, Map.of());
    }

    public static ParseResponse created(JsonNode json, String location) {
        return new ParseResponse(201, json, null, null, Map.of("Location", location));
    }

    public static ParseResponse empty() {
        return ok(Json.object());
    }

    public static ParseResponse raw(int status, byte[] bytes, String contentType, Map<String, String> headers) {
        return new ParseResponse(status, null, bytes, contentType, headers);
    }

    public ParseResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ParseResponse(status, json, bytes, contentType, copy);
    }
}
