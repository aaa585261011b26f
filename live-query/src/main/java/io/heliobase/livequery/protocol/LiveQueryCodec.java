package io.heliobase.livequery.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.query.QueryLimits;
import io.heliobase.core.query.WhereParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns LiveQuery text frames into {@link ClientMessage}s and {@link ServerMessage}s into text, byte-compatible with
 * Parse Server. Every refusal is a {@link LiveQueryProtocolException} with code 1, as Parse answers a message that
 * fails its request schema (an unknown {@code op} fails the schema's enum, so Parse's code 3 is never reached).
 * Parse silently drops text that is not JSON; we answer it with code 1 too so the client learns why. Thread-safe.
 */
public final class LiveQueryCodec {
    private final WhereParser whereParser;
    private final int maxMessageLength;

    /**
     * @param limits           bounds for parsing each subscription's {@code where}
     * @param maxMessageLength largest accepted message, in characters
     */
    public LiveQueryCodec(QueryLimits limits, int maxMessageLength) {
        if (maxMessageLength <= 0) {
            throw new IllegalArgumentException("maxMessageLength must be positive");
        }
        this.whereParser = new WhereParser(limits, false);
        this.maxMessageLength = maxMessageLength;
    }

    public ClientMessage decode(String text) {
        if (text.length() > maxMessageLength) {
            throw RequestSchema.fail("Message is too large: " + text.length() + " characters; the limit is "
                    + maxMessageLength);
        }
        JsonNode message;
        try {
            message = Json.parse(text);
        } catch (ParseException e) {
            throw RequestSchema.fail(e.getMessage());
        }
        if (message == null || message.isMissingNode()) {
            throw RequestSchema.fail("Invalid JSON");
        }
        String op = RequestSchema.check(message);
        return switch (op) {
            case "connect" -> new ClientMessage.Connect(text(message, "applicationId"), text(message, "sessionToken"),
                    text(message, "masterKey"), text(message, "clientKey"), text(message, "javascriptKey"),
                    text(message, "restAPIKey"), text(message, "installationId"), text(message, "windowsKey"));
            case "subscribe" -> new ClientMessage.Subscribe(requestId(message), query(message.get("query")),
                    text(message, "sessionToken"), since(message));
            case "update" -> new ClientMessage.Update(requestId(message), query(message.get("query")),
                    text(message, "sessionToken"));
            case "unsubscribe" -> new ClientMessage.Unsubscribe(requestId(message));
            case "query" -> new ClientMessage.Query(requestId(message));
            default -> throw new IllegalStateException("RequestSchema accepted op " + op);
        };
    }

    /**
     * Builds a query the way a subscribe message would, for callers that rewrite one (a beforeSubscribe trigger,
     * the {@code _Session} user constraint). Throws code 1 when {@code where} does not parse.
     */
    public LiveQuery query(String className, JsonNode where, List<String> keys, List<String> watch) {
        Predicate predicate;
        try {
            predicate = whereParser.parse(where);
        } catch (ParseException e) {
            throw RequestSchema.fail(e.getMessage());
        }
        return new LiveQuery(className, predicate, where, keys, watch);
    }

    private LiveQuery query(JsonNode query) {
        Set<String> keys = new LinkedHashSet<>(strings(query.get("keys")));
        keys.addAll(strings(query.get("fields")));
        LiveQuery parsed = query(query.get("className").asText(), query.get("where"), List.copyOf(keys),
                strings(query.get("watch")));
        List<String> include = strings(query.get("include"));
        return include.isEmpty() ? parsed : new LiveQuery(parsed.className(), parsed.where(), parsed.rawWhere(),
                parsed.keys(), parsed.watch(), include);
    }

    private static Long since(JsonNode message) {
        JsonNode since = message.get("since");
        if (since == null) {
            return null;
        }
        if (!since.canConvertToExactIntegral() || since.asLong() < 0) {
            throw RequestSchema.fail("Invalid since: " + since + " (expected a non-negative integer)");
        }
        return since.asLong();
    }

    private static int requestId(JsonNode message) {
        JsonNode id = message.get("requestId");
        BigDecimal value = id.decimalValue();
        try {
            return value.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            throw RequestSchema.fail("Invalid requestId: " + id + " (expected an integer that fits 32 bits)");
        }
    }

    private static String text(JsonNode message, String name) {
        JsonNode value = message.get(name);
        return value == null ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        if (array == null) {
            return List.of();
        }
        List<String> list = new ArrayList<>(array.size());
        array.forEach(item -> list.add(item.asText()));
        return list;
    }

    /**
     * Parse's JSON for each message, keys in Parse's order. Errors always carry {@code requestId} (null when not
     * about one subscription) because Parse's pushError defaults it to null and JSON.stringify keeps nulls;
     * {@code installationId} is left out when null, as JSON.stringify drops undefined.
     */
    public String encode(ServerMessage message) {
        ObjectNode out = Json.object();
        switch (message) {
            case ServerMessage.Connected c -> {
                out.put("op", "connected").put("clientId", c.clientId());
                putIfPresent(out, "installationId", c.installationId());
            }
            case ServerMessage.Subscribed s -> {
                out.put("op", "subscribed").put("clientId", s.clientId());
                putIfPresent(out, "installationId", s.installationId());
                out.put("requestId", s.requestId());
            }
            case ServerMessage.Unsubscribed u -> {
                out.put("op", "unsubscribed").put("clientId", u.clientId());
                putIfPresent(out, "installationId", u.installationId());
                out.put("requestId", u.requestId());
            }
            case ServerMessage.Error e -> out.put("op", "error").put("error", e.error()).put("code", e.code())
                    .put("reconnect", e.reconnect()).put("requestId", e.requestId());
            case ServerMessage.Resync r -> out.put("op", "resync").put("clientId", r.clientId())
                    .put("requestId", r.requestId()).put("reason", r.reason());
            case ServerMessage.Result r -> {
                out.put("op", "result").put("clientId", r.clientId());
                putIfPresent(out, "installationId", r.installationId());
                out.put("requestId", r.requestId());
                out.set("results", Json.array().addAll(r.results()));
            }
            case ServerMessage.Event e -> {
                out.put("op", e.op().wireName()).put("clientId", e.clientId());
                putIfPresent(out, "installationId", e.installationId());
                out.put("requestId", e.requestId());
                if (e.sequence() != null) {
                    out.put("seq", e.sequence());
                }
                out.set("object", e.object());
                if (e.original() != null) {
                    out.set("original", e.original());
                }
            }
        }
        return Json.text(out);
    }

    private static void putIfPresent(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }
}
