package io.heliobase.server.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.cloudcode.CloudCode;
import io.heliobase.core.acl.AccessPolicy;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;
import io.heliobase.server.hooks.Hook;
import io.heliobase.server.hooks.Webhooks;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.util.Optional;

/** {@code POST /functions/:name}: Parse.Cloud.run, answered as {@code {"result": ...}}. */
public final class FunctionsService implements ParseRouter.Routes {
    private final Optional<CloudCode> cloud;
    private final DataService data;
    private final Webhooks webhooks;

    public FunctionsService(Optional<CloudCode> cloud, DataService data, Webhooks webhooks) {
        this.cloud = cloud;
        this.data = data;
        this.webhooks = webhooks;
    }

    @Override
    public void routes(ParseRouter router) {
        router.post("/functions/{name}", this::run).get("/functions/{name}", this::run);
    }

    private ParseResponse run(ParseRequest req) {
        String name = req.param("name");
        Optional<Hook.Function> hook = webhooks.function(name);
        if (cloud.isEmpty() && hook.isEmpty()) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "Invalid function: \"" + name + "\"");
        }
        ObjectNode request = data.cloudRequest(req.caller());
        request.set("params", req.findParams());
        // ip, headers, context and installationId come from the request scope (RequestInfo)
        // a webhook serves functions the cloud code does not define (or replaces one, as a later registration)
        JsonNode result = hook.isPresent() ? webhooks.callFunction(hook.get(), request)
                : cloud.get().run(name, request);
        return ParseResponse.ok(Json.object().set("result", result));
    }
}
