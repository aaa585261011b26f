package io.heliobase.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Undoes the Parse JS SDK's transport: it sends every call as a text/plain POST whose JSON body carries the verb
 * ({@code _method}), keys and session ({@code _ApplicationId}, {@code _SessionToken}, ...). Those move into headers
 * here, so routes never see them.
 */
final class RequestDecoder {
    /** Body alias → header it stands for. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("_ApplicationId", "x-parse-application-id"),
            Map.entry("_JavaScriptKey", "x-parse-javascript-key"),
            Map.entry("_ClientKey", "x-parse-client-key"),
            Map.entry("_RestAPIKey", "x-parse-rest-api-key"),
            Map.entry("_MasterKey", "x-parse-master-key"),
            Map.entry("_SessionToken", "x-parse-session-token"),
            Map.entry("_InstallationId", "x-parse-installation-id"),
            Map.entry("_ClientVersion", "x-parse-client-version"),
            Map.entry("_RevocableSession", "x-parse-revocable-session"),
            Map.entry("_context", "x-parse-cloud-context"));

    private final ObjectMapper mapper;

    RequestDecoder(int maxJsonDepth) {
        this.mapper = Json.mapper(maxJsonDepth);
    }

    /** The body as JSON, or null when it is empty or (for raw routes) not a JSON-wrapped upload. */
    ObjectNode parseBody(byte[] raw, boolean rawRoute) {
        if (raw.length == 0 || isBlank(raw)) {
            return null;
        }
        if (rawRoute && !looksLikeJsonObject(raw)) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.parse(mapper, raw);
        } catch (ParseException e) {
            if (rawRoute) {
                return null;
            }
            throw e;
        }
        if (!node.isObject()) {
            if (rawRoute) {
                return null;
            }
            throw ParseException.invalidJson("Invalid JSON: the body must be a JSON object");
        }
        if (rawRoute && !node.has("base64")) {
            return null;
        }
        return (ObjectNode) node;
    }

    /** Moves body aliases into headers (headers sent for real win) and removes them from the body. */
    static Map<String, String> foldAliases(ObjectNode body, Map<String, String> headers) {
        Map<String, String> merged = new HashMap<>(headers);
        if (body == null) {
            return merged;
        }
        ALIASES.forEach((alias, header) -> {
            JsonNode value = body.remove(alias);
            if (value != null && !value.isNull() && !merged.containsKey(header)) {
                merged.put(header, value.isTextual() ? value.asText() : Json.text(value));
            }
        });
        body.remove("_noBody");
        return merged;
    }

    static String effectiveMethod(String method, ObjectNode body) {
        if (body != null && method.equals("POST")) {
            JsonNode override = body.remove("_method");
            if (override != null && override.isTextual()) {
                return override.asText().toUpperCase(Locale.ROOT);
            }
        }
        return method;
    }

    /** Query-string parameters, each value JSON-decoded when it parses (limit=10 → 10) and a string otherwise. */
    ObjectNode parseQuery(String rawQuery) {
        ObjectNode query = Json.object();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.set(key, jsonOrText(value));
        }
        return query;
    }

    private JsonNode jsonOrText(String value) {
        try {
            return Json.parse(mapper, value.getBytes(StandardCharsets.UTF_8));
        } catch (ParseException e) {
            if (e.getMessage().startsWith("Invalid JSON: ")) {
                throw e;
            }
            return Json.mapper().getNodeFactory().textNode(value);
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ParseException.invalidQuery("Improper encode of parameter");
        }
    }

    private static boolean isBlank(byte[] raw) {
        for (byte b : raw) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeJsonObject(byte[] raw) {
        for (byte b : raw) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }
}
