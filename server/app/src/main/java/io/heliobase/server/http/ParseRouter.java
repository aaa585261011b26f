package io.heliobase.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's route table, matched on the effective verb (after {@code _method}) and the mount-relative path. It is
 * ours rather than Helidon's because Parse tunnels verbs through POST bodies and {@code /batch} dispatches
 * sub-requests in-process through the very same table.
 */
public final class ParseRouter {

    /** A route handler. */
    @FunctionalInterface
    public interface Handler {
        ParseResponse handle(ParseRequest request);
    }

    /** A feature that contributes routes, like a Helidon HttpService. */
    public interface Routes {
        void routes(ParseRouter router);
    }

    private record Route(String method, String[] segments, Handler handler, boolean rawBody, boolean open) {
    }

    /** A matched route with its path parameters. */
    public record Match(Handler handler, Map<String, String> params, boolean rawBody, boolean open) {
    }

    private final List<Route> routes = new ArrayList<>();

    public ParseRouter get(String pattern, Handler handler) {
        return add("GET", pattern, handler, false);
    }

    public ParseRouter post(String pattern, Handler handler) {
        return add("POST", pattern, handler, false);
    }

    public ParseRouter put(String pattern, Handler handler) {
        return add("PUT", pattern, handler, false);
    }

    public ParseRouter delete(String pattern, Handler handler) {
        return add("DELETE", pattern, handler, false);
    }

    /** A route that receives the body as raw bytes (file uploads). */
    public ParseRouter postRaw(String pattern, Handler handler) {
        return add("POST", pattern, handler, true);
    }

    /** A route that needs no application id or key (file downloads, health), like Parse's public routes. */
    public ParseRouter getOpen(String pattern, Handler handler) {
        routes.add(new Route("GET", split(pattern), handler, false, true));
        return this;
    }

    /** An HTML form post that needs no application id (the password-reset page); the body arrives raw. */
    public ParseRouter postOpenForm(String pattern, Handler handler) {
        routes.add(new Route("POST", split(pattern), handler, true, true));
        return this;
    }

    private ParseRouter add(String method, String pattern, Handler handler, boolean rawBody) {
        routes.add(new Route(method, split(pattern), handler, rawBody, false));
        return this;
    }

    public ParseRouter register(Routes... features) {
        for (Routes feature : features) {
            feature.routes(this);
        }
        return this;
    }

    public Optional<Match> match(String method, String path) {
        String[] segments = split(path);
        for (Route route : routes) {
            if (!route.method.equals(method) || route.segments.length != segments.length) {
                continue;
            }
            Map<String, String> params = matchSegments(route.segments, segments);
            if (params != null) {
                return Optional.of(new Match(route.handler, params, route.rawBody, route.open));
            }
        }
        return Optional.empty();
    }

    /** Whether any verb is routed at this path (to tell 404 from 405-like misses). */
    public boolean knowsPath(String path) {
        String[] segments = split(path);
        return routes.stream().anyMatch(r -> r.segments.length == segments.length
                && matchSegments(r.segments, segments) != null);
    }

    private static Map<String, String> matchSegments(String[] pattern, String[] actual) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), actual[i]);
            } else if (!p.equals(actual[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
