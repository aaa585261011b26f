package io.heliobase.cloudcode.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Where cloud code may send HTTP requests. Each allowed entry is a host ({@code api.example.com}), a wildcard for its
 * subdomains ({@code *.example.com}, not the domain itself), optionally with a port ({@code 127.0.0.1:8080}); without a
 * port any port is allowed. No entries: no outbound requests at all.
 */
public record FetchPolicy(List<String> allowed, Duration timeout, long maxResponseBytes) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 5L * 1024 * 1024;
    public static final FetchPolicy NONE = new FetchPolicy(List.of(), DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);

    public FetchPolicy {
        allowed = allowed.stream().map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .toList();
    }

    /** Whether a request to {@code uri} may go out: http or https, to an allowed host and port. */
    public boolean permits(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getUserInfo() != null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return allowed.stream().anyMatch(entry -> matches(entry, host, port));
    }

    private static boolean matches(String entry, String host, int port) {
        String pattern = entry;
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && !entry.endsWith("]") && entry.indexOf(':') == colon) {
            if (!entry.substring(colon + 1).equals(Integer.toString(port))) {
                return false;
            }
            pattern = entry.substring(0, colon);
        }
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
        }
        return host.equals(pattern);
    }
}
