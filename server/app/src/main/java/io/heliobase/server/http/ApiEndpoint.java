package io.heliobase.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single Helidon handler in front of the Parse API: size limit, CORS, body aliases, verb override, caller, then
 * the route. Failures become Parse error bodies here and nowhere else.
 */
public final class ApiEndpoint implements Handler {
    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    private final String mountPath;
    private final ParseRouter router;
    private final KeyAuth auth;
    private final RequestDecoder decoder;
    private final Cors cors;
    private final long maxBodySize;

    private final io.heliobase.server.ratelimit.RateLimiter limiter;

    public ApiEndpoint(String mountPath, ParseRouter router, KeyAuth auth, Cors cors, long maxBodySize,
                       int maxJsonDepth, io.heliobase.server.ratelimit.RateLimiter limiter) {
        this.limiter = limiter;
        this.mountPath = mountPath.equals("/") ? "" : mountPath;
        this.router = router;
        this.auth = auth;
        this.cors = cors;
        this.maxBodySize = maxBodySize;
        this.decoder = new RequestDecoder(maxJsonDepth);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String requestId = Long.toString(REQUEST_IDS.incrementAndGet());
        cors.apply(req, res);
        // no sniffing and no framing for anything the API serves, uploaded files above all
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        String method = req.prologue().method().text().toUpperCase(Locale.ROOT);
        if (method.equals("OPTIONS")) {
            res.status(200).send();
            return;
        }
        ParseResponse response;
        try {
            response = process(req, method);
        } catch (RuntimeException e) {
            response = ApiErrors.toResponse(e, requestId);
        }
        write(res, response);
    }

    private ParseResponse process(ServerRequest req, String method) {
        String path = req.path().path();
        path = path.startsWith(mountPath) ? path.substring(mountPath.length()) : path;
        byte[] raw = readBody(req);
        Map<String, String> headers = headers(req);
        boolean rawRoute = method.equals("POST") && router.match("POST", path).map(ParseRouter.Match::rawBody)
                .orElse(false);
        ObjectNode body = decoder.parseBody(raw, rawRoute);
        headers = RequestDecoder.foldAliases(body, headers);
        String effective = RequestDecoder.effectiveMethod(method, body);
        Optional<ParseRouter.Match> match = router.match(effective, path);
        if (match.isEmpty()) {
            return new ParseResponse(404, Json.object().put("error", "Cannot " + effective + " " + path), null, null,
                    Map.of());
        }
        String context = headers.get("x-parse-cloud-context");
        if (context != null && !Json.parse(context).isObject()) {
            throw io.heliobase.core.error.ParseException.invalidJson("Invalid object for context.");
        }
        InetAddress ip = remoteAddress(req);
        Caller caller = match.get().open() ? Caller.ANONYMOUS : auth.resolve(headers, ip);
        // after _method is resolved: the limit applies to what the request really does
        limiter.check(effective, path, caller, ip);
        ParseRequest request = new ParseRequest(effective, path, match.get().params(),
                body == null ? Json.object() : body, decoder.parseQuery(req.query().rawValue()), raw, headers,
                caller, ip);
        // triggers and functions deep in the data paths see the request's ip, headers and context
        return RequestInfo.of(headers, ip).during(() -> match.get().handler().handle(request));
    }

    private byte[] readBody(ServerRequest req) {
        Optional<String> length = req.headers().first(HeaderNames.CONTENT_LENGTH);
        if (length.isPresent()) {
            try {
                if (Long.parseLong(length.get().trim()) > maxBodySize) {
                    throw new ApiErrors.PayloadTooLarge(maxBodySize);
                }
            } catch (NumberFormatException ignored) {
                // a malformed Content-Length is Helidon's to reject; the read below still enforces the limit
            }
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
            if (bytes.length > maxBodySize) {
                throw new ApiErrors.PayloadTooLarge(maxBodySize);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> headers(ServerRequest req) {
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.putIfAbsent(h.name().toLowerCase(Locale.ROOT), h.get()));
        return headers;
    }

    static InetAddress remoteAddress(ServerRequest req) {
        SocketAddress address = req.remotePeer().address();
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    static void write(ServerResponse res, ParseResponse response) {
        res.status(response.status());
        response.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        if (response.bytes() != null) {
            if (response.contentType() != null) {
                res.header(HeaderNames.CONTENT_TYPE, response.contentType());
            }
            res.send(response.bytes());
            return;
        }
        res.header(CONTENT_TYPE_JSON, "application/json; charset=utf-8");
        res.send(Json.bytes(response.json()));
    }

    private static final HeaderName CONTENT_TYPE_JSON = HeaderNames.CONTENT_TYPE;
}
