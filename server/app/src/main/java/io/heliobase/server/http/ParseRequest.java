package io.heliobase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * One API request after transport quirks are undone: the verb after {@code _method}, the mount-relative path, keys
 * and session folded from body aliases into headers, and the caller resolved. Batch sub-requests are built the same
 * way, so every route sees one shape.
 *
 * @param body    the JSON body without Parse's underscore aliases (empty object when there was none)
 * @param query   query-string parameters, each value JSON-decoded on its own as Parse Server does
 * @param rawBody the bytes as received, for file uploads
 * @param headers lower-case header names
 */
public record ParseRequest(String method, String path, Map<String, String> pathParams, ObjectNode body,
                           ObjectNode query, byte[] rawBody, Map<String, String> headers, Caller caller,
                           InetAddress ip) {

    public ParseRequest {
        pathParams = Map.copyOf(pathParams);
        headers = Map.copyOf(headers);
    }

    public String param(String name) {
        return pathParams.get(name);
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    /** Find parameters: the query string, overlaid by the body (the JS SDK tunnels GETs through POST bodies). */
    public ObjectNode findParams() {
        ObjectNode params = query.deepCopy();
        body.properties().forEach(e -> params.set(e.getKey(), e.getValue()));
        return params;
    }

    public ParseRequest withRoute(Map<String, String> params) {
        return new ParseRequest(method, path, params, body, query, rawBody, headers, caller, ip);
    }

    public JsonNode bodyOrEmpty() {
        return body;
    }
}
