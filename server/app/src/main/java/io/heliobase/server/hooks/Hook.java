package io.heliobase.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.net.URI;
import java.util.Set;

/** One registered webhook: a function by name, or a trigger of a class; and the URL that serves it. */
public sealed interface Hook {
    /** The triggers a webhook may serve, as in Parse. */
    Set<String> TRIGGER_NAMES = Set.of("beforeSave", "afterSave", "beforeDelete", "afterDelete");

    String url();

    record Function(String functionName, String url) implements Hook {
    }

    record Trigger(String className, String triggerName, String url) implements Hook {
    }

    /** As Parse answers it: {@code {functionName, url}} or {@code {className, triggerName, url}}. */
    default ObjectNode toJson() {
        return switch (this) {
            case Function f -> Json.object().put("functionName", f.functionName()).put("url", f.url());
            case Trigger t -> Json.object().put("className", t.className()).put("triggerName", t.triggerName())
                    .put("url", t.url());
        };
    }

    /** Reads a stored or posted hook; refuses anything else with Parse's 143. */
    static Hook of(JsonNode json) {
        String url = json.path("url").asText("");
        checkUrl(url);
        if (json.path("functionName").isTextual() && !json.path("functionName").asText().isEmpty()) {
            return new Function(json.get("functionName").asText(), url);
        }
        if (json.path("className").isTextual() && json.path("triggerName").isTextual()) {
            String trigger = json.get("triggerName").asText();
            if (!TRIGGER_NAMES.contains(trigger)) {
                throw new ParseException(ParseErrorCode.WEBHOOK_ERROR, "invalid hook declaration: triggerName is one"
                        + " of " + String.join(", ", TRIGGER_NAMES.stream().sorted().toList()));
            }
            return new Trigger(json.get("className").asText(), trigger, url);
        }
        throw new ParseException(ParseErrorCode.WEBHOOK_ERROR, "invalid hook declaration");
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ParseException(ParseErrorCode.WEBHOOK_ERROR, "invalid hook url: " + url);
            }
        } catch (java.net.URISyntaxException e) {
            throw new ParseException(ParseErrorCode.WEBHOOK_ERROR, "invalid hook url: " + url);
        }
    }
}
