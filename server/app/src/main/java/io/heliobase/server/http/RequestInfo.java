package io.heliobase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What cloud-code requests say about the HTTP request behind them ({@code ip}, {@code headers}, {@code context},
 * {@code installationId}), bound for the duration of the request so triggers deep in the data paths see it too.
 */
public record RequestInfo(String ip, String installationId, ObjectNode context, Map<String, String> headers) {
    /** A thread-local, not a ScopedValue: the build targets Java 21, where those are still a preview. */
    private static final ThreadLocal<RequestInfo> CURRENT = new ThreadLocal<>();
    /** Keys and tokens never reach scripts, though Parse passes every header. */
    private static final Set<String> SECRET_HEADERS = Set.of("x-parse-master-key", "x-parse-session-token",
            "x-parse-rest-api-key", "x-parse-javascript-key", "x-parse-client-key", "x-parse-windows-key",
            "authorization", "cookie", "proxy-authorization");

    public RequestInfo {
        context = context == null ? Json.object() : context;
        Map<String, String> visible = new TreeMap<>();
        headers.forEach((name, value) -> {
            if (!SECRET_HEADERS.contains(name)) {
                visible.put(name, value);
            }
        });
        headers = Map.copyOf(visible);
    }

    /** From a request's headers (lower-case names) and address. */
    public static RequestInfo of(Map<String, String> headers, java.net.InetAddress ip) {
        String context = headers.get("x-parse-cloud-context");
        JsonNode parsed = context == null ? Json.object() : Json.parse(context);
        return new RequestInfo(ip == null ? null : ip.getHostAddress(), headers.get("x-parse-installation-id"),
                parsed instanceof ObjectNode object ? object : Json.object(), headers);
    }

    public static Optional<RequestInfo> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Runs {@code work} with this request's information visible to {@link #current()}. */
    public <T> T during(Supplier<T> work) {
        RequestInfo outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** Adds ip, headers, context and installationId to a cloud-code request, where it does not have them yet. */
    public void describe(ObjectNode request) {
        if (!request.has("ip")) {
            request.put("ip", ip);
        }
        if (!request.has("installationId")) {
            request.put("installationId", installationId);
        }
        if (!request.has("context")) {
            request.set("context", context.deepCopy());
        }
        if (!request.has("headers")) {
            ObjectNode out = request.putObject("headers");
            headers.forEach(out::put);
        }
    }
}
