package io.heliobase.server.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rate limit in Parse Server's own option shape: {@code requestPath} ("/classes/*", "/functions/*", "/login"),
 * {@code requestTimeWindow} (ms), {@code requestCount}, {@code requestMethods}, {@code zone} (global, ip, user,
 * session), {@code includeMasterKey} and {@code errorResponseMessage}.
 */
record RateLimitRule(String requestPath, Pattern pathPattern, Set<String> methods, long count, Duration window,
                     long burst, Zone zone, boolean includeMasterKey, String message) {

    /** What a bucket is shared by; IP_USER gives each user a bucket per address. */
    enum Zone { GLOBAL, IP, USER, SESSION, IP_USER }

    static RateLimitRule fromJson(JsonNode json) {
        String path = json.path("requestPath").asText("");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("requestPath must start with '/', got '" + path + "'");
        }
        long count = json.path("requestCount").asLong(0);
        long windowMs = json.path("requestTimeWindow").asLong(0);
        if (count <= 0 || windowMs <= 0) {
            throw new IllegalArgumentException("requestCount and requestTimeWindow must be positive for " + path);
        }
        Set<String> methods = new LinkedHashSet<>();
        JsonNode m = json.path("requestMethods");
        if (m.isTextual()) {
            methods.add(m.asText().toUpperCase(Locale.ROOT));
        } else {
            m.forEach(x -> methods.add(x.asText().toUpperCase(Locale.ROOT)));
        }
        Zone zone = switch (json.path("zone").asText("ip").toLowerCase(Locale.ROOT)) {
            case "global" -> Zone.GLOBAL;
            case "ip" -> Zone.IP;
            case "user" -> Zone.USER;
            case "session" -> Zone.SESSION;
            case "ip+user", "ip_user" -> Zone.IP_USER;
            default -> throw new IllegalArgumentException("zone must be global, ip, user, session or ip+user for "
                    + path);
        };
        // burst (Heliobase's addition): how many requests may come at once; requestCount per window refills it
        long burst = json.path("burst").asLong(count);
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be positive for " + path);
        }
        return new RateLimitRule(path, glob(path), Set.copyOf(methods), count, Duration.ofMillis(windowMs), burst,
                zone,
                json.path("includeMasterKey").asBoolean(false),
                json.path("errorResponseMessage").asText("Too many requests."));
    }

    /** "/classes/*" matches one segment or more below /classes, as Parse's path patterns do for a trailing star. */
    private static Pattern glob(String path) {
        StringBuilder regex = new StringBuilder("^");
        for (String part : path.split("(?=\\*)|(?<=\\*)")) {
            regex.append(part.equals("*") ? ".*" : Pattern.quote(part));
        }
        return Pattern.compile(regex.append("$").toString());
    }

    boolean applies(String method, String path) {
        return (methods.isEmpty() || methods.contains(method)) && pathPattern.matcher(path).matches();
    }
}
