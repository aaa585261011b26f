package io.heliobase.server.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;

/** {@code GET /sessions/me}: the caller's current session. The rest of /sessions is a {@code ClassRoutes}. */
public final class SessionsService implements ParseRouter.Routes {
    private final DataService data;

    public SessionsService(DataService data) {
        this.data = data;
    }

    @Override
    public void routes(ParseRouter router) {
        router.get("/sessions/me", this::me);
    }

    private ParseResponse me(ParseRequest req) {
        if (!(req.caller() instanceof Caller.User user)) {
            throw new ParseException(ParseErrorCode.INVALID_SESSION_TOKEN, "Session token required.");
        }
        JsonNode where = Json.object().put("sessionToken", user.sessionToken());
        var found = data.find(user, SystemClasses.SESSION, Json.object().set("where", where)).path("results");
        if (found.isEmpty()) {
            throw new ParseException(ParseErrorCode.INVALID_SESSION_TOKEN, "Invalid session token");
        }
        return ParseResponse.ok(found.get(0));
    }
}
