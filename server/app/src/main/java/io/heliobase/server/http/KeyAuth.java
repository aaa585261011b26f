package io.heliobase.server.http;

import io.heliobase.core.auth.Caller;
import io.heliobase.core.auth.SessionResolver;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.server.settings.IpRange;
import io.heliobase.server.settings.Settings;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides who is calling from the application id, keys and session token, as Parse Server's handleParseHeaders. */
public final class KeyAuth {
    private final Settings settings;
    private final SessionResolver sessions;

    public KeyAuth(Settings settings, SessionResolver sessions) {
        this.settings = settings;
        this.sessions = sessions;
    }

    /** Thrown for a wrong app id or key: Parse answers 403 {"error":"unauthorized"} without a code. */
    public static final class Unauthorized extends RuntimeException {
        public Unauthorized(String message) {
            super(message, null, false, false);
        }
    }

    public Caller resolve(Map<String, String> headers, InetAddress ip) {
        String appId = headers.get("x-parse-application-id");
        String masterKey = headers.get("x-parse-master-key");
        Optional<String[]> basic = basicAuth(headers.get("authorization"));
        if (appId == null && basic.isPresent()) {
            appId = basic.get()[0];
            String secret = basic.get()[1];
            if (secret.startsWith("javascript-key=")) {
                headers = withKey(headers, "x-parse-javascript-key", secret.substring("javascript-key=".length()));
            } else if (masterKey == null) {
                masterKey = secret;
            }
        }
        if (appId == null || !constantTimeEquals(appId, settings.appId())) {
            throw new Unauthorized("unauthorized");
        }
        if (masterKey != null) {
            Optional<Caller> master = masterCaller(masterKey, ip);
            if (master.isPresent()) {
                return master.get();
            }
            // As in Parse Server, a key that is not the master key is simply not the master key: the request goes
            // on as a client's, and master-only routes answer "unauthorized: master key is required".
        }
        if (!settings.clientKeys().isEmpty() && !hasClientKey(headers)) {
            throw new Unauthorized("unauthorized");
        }
        String token = headers.get("x-parse-session-token");
        if (token == null || token.isEmpty()) {
            return Caller.ANONYMOUS;
        }
        return sessions.resolve(token).<Caller>map(u -> u).orElseThrow(
                () -> new ParseException(ParseErrorCode.INVALID_SESSION_TOKEN, "Invalid session token"));
    }

    private Optional<Caller> masterCaller(String key, InetAddress ip) {
        boolean master = settings.masterKey().map(k -> constantTimeEquals(k, key)).orElse(false);
        boolean readOnly = settings.readOnlyMasterKey().map(k -> constantTimeEquals(k, key)).orElse(false);
        if (!master && !readOnly) {
            return Optional.empty();
        }
        if (!ipAllowed(settings.masterKeyIps(), ip)) {
            // the right key from the wrong place is refused outright: it is a leaked key or a misconfiguration
            throw new Unauthorized("unauthorized: master key is only accepted from configured IPs (masterKeyIps)");
        }
        return Optional.of(master ? Caller.MASTER : Caller.READ_ONLY_MASTER);
    }

    static boolean ipAllowed(List<IpRange> ranges, InetAddress ip) {
        return ip != null && ranges.stream().anyMatch(r -> r.contains(ip));
    }

    private boolean hasClientKey(Map<String, String> headers) {
        for (String header : new String[] {"x-parse-rest-api-key", "x-parse-client-key", "x-parse-javascript-key",
                "x-parse-windows-key"}) {
            String given = headers.get(header);
            if (given != null && settings.clientKeys().stream().anyMatch(k -> constantTimeEquals(k, given))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> withKey(Map<String, String> headers, String name, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static Optional<String[]> basicAuth(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Key comparison that does not leak, through timing, how much of a guess was right. */
    static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
