package io.heliobase.server.http;

import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.util.Map;

/** Maps failures to Parse's error bodies and statuses; internals are logged, never sent. */
public final class ApiErrors {
    private static final System.Logger LOG = System.getLogger(ApiErrors.class.getName());

    private ApiErrors() {
    }

    public static ParseResponse toResponse(Throwable failure, String requestId) {
        return switch (failure) {
            case ParseException p -> new ParseResponse(p.code().httpStatus(),
                    Json.object().put("code", p.code().code()).put("error", p.getMessage()), null, null, Map.of());
            case KeyAuth.Unauthorized u -> new ParseResponse(403, Json.object().put("error", u.getMessage()), null,
                    null, Map.of());
            case io.heliobase.server.ratelimit.RateLimiter.Limited l -> new ParseResponse(429,
                    Json.object().put("code", 100).put("error", l.getMessage()), null, null,
                    Map.of("Retry-After", Long.toString(l.retryAfterSeconds())));
            case PayloadTooLarge t -> new ParseResponse(413, Json.object().put("code", 107).put("error",
                    t.getMessage()), null, null, Map.of());
            default -> {
                LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed", failure);
                yield new ParseResponse(500, Json.object().put("code", 1).put("message", "Internal server error."),
                        null, null, Map.of());
            }
        };
    }

    /** A body over the configured size limit. */
    public static final class PayloadTooLarge extends RuntimeException {
        public PayloadTooLarge(long limit) {
            super("Request body is larger than the limit of " + limit + " bytes (maxBodySize)", null, false, false);
        }
    }
}
