package io.heliobase.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Parse's {@code {"$relativeTime": "3 days ago" | "in 2 hours" | "now"}} for date comparisons. */
final class RelativeTime {
    private RelativeTime() {
    }

    static JsonNode resolve(JsonNode value) {
        if (!value.isObject() || !value.has("$relativeTime")) {
            return value;
        }
        JsonNode text = value.get("$relativeTime");
        if (!text.isTextual()) {
            throw ParseException.invalidQuery("$relativeTime should be a string");
        }
        Instant at = resolve(text.asText(), Instant.now());
        return Json.object().put("__type", "Date").put("iso", Json.iso(at));
    }

    static Instant resolve(String text, Instant now) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("now")) {
            return now;
        }
        boolean future = s.startsWith("in ");
        boolean past = s.endsWith(" ago");
        if (future == past) {
            throw ParseException.invalidQuery("Time should either start with 'in' or end with 'ago'");
        }
        String body = future ? s.substring(3) : s.substring(0, s.length() - 4);
        String[] words = body.trim().split("\\s+");
        if (words.length % 2 != 0) {
            throw ParseException.invalidQuery("Invalid time string. Dangling unit or number.");
        }
        long seconds = 0;
        for (int i = 0; i < words.length; i += 2) {
            double amount;
            try {
                amount = Double.parseDouble(words[i]);
            } catch (NumberFormatException e) {
                throw ParseException.invalidQuery("'" + words[i] + "' is not an integer.");
            }
            seconds += (long) (amount * unitSeconds(words[i + 1]));
        }
        Duration d = Duration.ofSeconds(seconds);
        return future ? now.plus(d) : now.minus(d);
    }

    private static long unitSeconds(String unit) {
        return switch (unit) {
            case "yr", "yrs", "year", "years" -> 365L * 86400;
            case "wk", "wks", "week", "weeks" -> 7L * 86400;
            case "d", "day", "days" -> 86400;
            case "hr", "hrs", "hour", "hours" -> 3600;
            case "min", "mins", "minute", "minutes" -> 60;
            case "sec", "secs", "second", "seconds" -> 1;
            default -> throw ParseException.invalidQuery("Invalid interval: '" + unit + "'");
        };
    }
}
