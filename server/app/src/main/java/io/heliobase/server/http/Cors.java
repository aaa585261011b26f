package io.heliobase.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** CORS exactly as Parse Server answers it, so browsers and the JS SDK (which reads exposed headers) work. */
public final class Cors {
    private static final String ALLOWED_HEADERS = "X-Parse-Master-Key, X-Parse-REST-API-Key, X-Parse-Javascript-Key,"
            + " X-Parse-Application-Id, X-Parse-Client-Version, X-Parse-Session-Token, X-Requested-With,"
            + " X-Parse-Revocable-Session, X-Parse-Request-Id, Content-Type, Pragma, Cache-Control";
    private static final String EXPOSED_HEADERS = "X-Parse-Job-Status-Id, X-Parse-Push-Status-Id";

    private final String allowOrigin;

    public Cors(String allowOrigin) {
        this.allowOrigin = allowOrigin;
    }

    public void apply(ServerRequest req, ServerResponse res) {
        String origin = allowOrigin;
        if (!allowOrigin.equals("*")) {
            // several origins may be configured; answer with the one the browser sent if it is listed
            String requested = req.headers().first(HeaderNames.ORIGIN).orElse("");
            origin = java.util.Arrays.stream(allowOrigin.split(",")).map(String::trim)
                    .filter(o -> o.equals(requested)).findFirst().orElse(allowOrigin.split(",")[0].trim());
            res.header(HeaderNames.VARY, "Origin");
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET,PUT,POST,DELETE,OPTIONS");
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }
}
