package io.heliobase.server.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /tools} (the registry, as Heliobase's own shape or ready for OpenAI's or Anthropic's function calling),
 * {@code POST /tools/:name}, {@code POST /toolCalls/:id/approve} and {@code /reject}.
 */
public final class ToolsService implements ParseRouter.Routes {
    private final Optional<ToolCalls> calls;

    public ToolsService(Optional<ToolCalls> calls) {
        this.calls = calls;
    }

    @Override
    public void routes(ParseRouter router) {
        router.get("/tools", this::list)
                .post("/tools/{name}", this::call)
                .post("/toolCalls/{id}/approve", req -> ParseResponse.ok(calls().approve(req.caller(), req.param("id"))))
                .post("/toolCalls/{id}/reject", req -> ParseResponse.ok(calls().reject(req.caller(), req.param("id"),
                        req.bodyOrEmpty().path("reason").asText(null))));
    }

    private ToolCalls calls() {
        return calls.orElseThrow(() -> new ParseException(ParseErrorCode.SCRIPT_FAILED, "No tools are defined."));
    }

    private ParseResponse list(ParseRequest req) {
        List<ToolSpec> visible = calls.map(c -> c.visibleTo(req.caller())).orElse(List.of());
        String format = req.findParams().path("format").asText("heliobase");
        ArrayNode results = Json.array();
        for (ToolSpec tool : visible) {
            results.add(switch (format) {
                case "openai" -> {
                    ObjectNode function = Json.object().put("name", tool.name()).put("description", tool.description());
                    function.set("parameters", tool.input());
                    yield Json.object().put("type", "function").set("function", function);
                }
                case "anthropic" -> {
                    ObjectNode entry = Json.object().put("name", tool.name()).put("description", tool.description());
                    yield entry.set("input_schema", tool.input());
                }
                case "heliobase" -> tool.describe();
                default -> throw ParseException.invalidQuery("format is heliobase, openai or anthropic");
            });
        }
        return ParseResponse.ok(Json.object().set("results", results));
    }

    private ParseResponse call(ParseRequest req) {
        ToolCalls.Outcome outcome = calls().call(req.caller(), req.param("name"), req.bodyOrEmpty(),
                req.header("x-parse-request-id").filter(id -> !id.isBlank()));
        int status = "awaiting_approval".equals(outcome.call().path("status").asText()) ? 202 : 200;
        ParseResponse response = new ParseResponse(status, outcome.call(), null, null, java.util.Map.of());
        return outcome.replayed() ? response.withHeader("X-Heliobase-Replayed", "true") : response;
    }
}
