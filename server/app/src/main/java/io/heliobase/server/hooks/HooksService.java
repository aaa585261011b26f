package io.heliobase.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.server.http.MasterKeyRequired;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;

/**
 * Parse's {@code /hooks} API, master key only: list, read, create ({@code POST}), change the url ({@code PUT} with
 * {@code url}) and delete ({@code PUT} with {@code {"__op":"Delete"}}, or {@code DELETE}) function and trigger hooks.
 */
public final class HooksService implements ParseRouter.Routes {
    private final Webhooks hooks;

    public HooksService(Webhooks hooks) {
        this.hooks = hooks;
    }

    @Override
    public void routes(ParseRouter router) {
        router.get("/hooks/functions", req -> list(req, Hook.Function.class))
                .get("/hooks/triggers", req -> list(req, Hook.Trigger.class))
                .get("/hooks/functions/{name}", req -> read(req, function(req, null)))
                .get("/hooks/triggers/{className}/{triggerName}", req -> read(req, trigger(req, null)))
                .post("/hooks/functions", this::create)
                .post("/hooks/triggers", this::create)
                .put("/hooks/functions/{name}", req -> change(req, function(req, req.bodyOrEmpty())))
                .put("/hooks/triggers/{className}/{triggerName}", req -> change(req, trigger(req, req.bodyOrEmpty())))
                .delete("/hooks/functions/{name}", req -> delete(req, function(req, null)))
                .delete("/hooks/triggers/{className}/{triggerName}", req -> delete(req, trigger(req, null)));
    }

    private static Hook function(ParseRequest req, JsonNode body) {
        return new Hook.Function(req.param("name"), urlOf(body));
    }

    private static Hook trigger(ParseRequest req, JsonNode body) {
        return new Hook.Trigger(req.param("className"), req.param("triggerName"), urlOf(body));
    }

    private static String urlOf(JsonNode body) {
        return body == null ? "" : body.path("url").asText("");
    }

    private ParseResponse list(ParseRequest req, Class<? extends Hook> kind) {
        MasterKeyRequired.forRead(req.caller());
        ArrayNode out = Json.array();
        hooks.all().stream().filter(kind::isInstance).forEach(h -> out.add(h.toJson()));
        return ParseResponse.ok(out);
    }

    private ParseResponse read(ParseRequest req, Hook probe) {
        MasterKeyRequired.forRead(req.caller());
        return ParseResponse.ok(hooks.find(probe).orElseThrow(() -> missing(probe)).toJson());
    }

    private ParseResponse create(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "create hooks");
        Hook hook = Hook.of(req.bodyOrEmpty());
        if (hooks.find(hook).isPresent()) {
            throw new ParseException(ParseErrorCode.WEBHOOK_ERROR, switch (hook) {
                case Hook.Function f -> "function name: " + f.functionName() + " already exists";
                case Hook.Trigger t -> "class " + t.className() + " already has trigger " + t.triggerName();
            });
        }
        hooks.save(hook);
        return ParseResponse.ok(hook.toJson());
    }

    private ParseResponse change(ParseRequest req, Hook asked) {
        MasterKeyRequired.forWrite(req.caller(), "change hooks");
        if ("Delete".equals(req.bodyOrEmpty().path("__op").asText())) {
            return delete(req, asked);
        }
        hooks.find(asked).orElseThrow(() -> missing(asked));
        Hook hook = Hook.of(asked.toJson());
        hooks.save(hook);
        return ParseResponse.ok(hook.toJson());
    }

    private ParseResponse delete(ParseRequest req, Hook asked) {
        MasterKeyRequired.forWrite(req.caller(), "delete hooks");
        hooks.remove(asked);
        return ParseResponse.ok(Json.object());
    }

    private static ParseException missing(Hook probe) {
        return new ParseException(ParseErrorCode.WEBHOOK_ERROR, switch (probe) {
            case Hook.Function f -> "no function named: " + f.functionName() + " is defined";
            case Hook.Trigger t -> "class " + t.className() + " does not exist";
        });
    }
}
