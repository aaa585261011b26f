package io.heliobase.server.privacy;

import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.util.Map;

/**
 * {@code POST /privacy/export} and {@code POST /privacy/forget} ({@code {"userId"}} with the master key; a signed-in
 * user acts on themselves): answer 202 with the {@code _PrivacyRequest} to follow; {@code GET /privacy/exports/:id}
 * downloads a finished export.
 */
public final class PrivacyService implements ParseRouter.Routes {
    private final PrivacyExports exports;
    private final PrivacyErasure erasure;

    public PrivacyService(PrivacyExports exports, PrivacyErasure erasure) {
        this.exports = exports;
        this.erasure = erasure;
    }

    @Override
    public void routes(ParseRouter router) {
        router.post("/privacy/export", req -> new ParseResponse(202, exports.start(req.caller(), userOf(req)), null,
                        null, Map.of()))
                .post("/privacy/forget", req -> new ParseResponse(202, erasure.start(req.caller(), userOf(req)), null,
                        null, Map.of()))
                .get("/privacy/exports/{id}", req -> ParseResponse.raw(200, exports.download(req.caller(),
                        req.param("id")), "application/zip", Map.of("Content-Disposition",
                        "attachment; filename=\"heliobase-export-" + req.param("id") + ".zip\"")));
    }

    /** The user a request is about: the caller, or with the master key the one named. */
    private static String userOf(ParseRequest req) {
        String named = req.bodyOrEmpty().path("userId").asText(null);
        return switch (req.caller()) {
            case Caller.User user -> named == null ? user.userId() : named;
            case Caller.Master master -> {
                if (named == null) {
                    throw new ParseException(ParseErrorCode.MISSING_REQUIRED_FIELD, "userId is required with the master key");
                }
                yield named;
            }
            default -> throw new ParseException(ParseErrorCode.SESSION_MISSING, "Sign in to export your data.");
        };
    }
}
