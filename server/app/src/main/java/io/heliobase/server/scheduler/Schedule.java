package io.heliobase.server.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.quartz.CronExpression;

/**
 * One schedule, whichever way it was made: a Quartz cron expression in a time zone, the job and its params, how
 * often a failed run is retried (with a doubling delay), and what happens to fires missed while no node ran.
 *
 * @param key       what identifies it across nodes: the {@code _JobSchedule} objectId, or {@code code:<jobName>}
 * @param signature changes whenever anything that shapes its trigger or runs changes
 */
public record Schedule(String key, String jobName, ObjectNode params, String cron, ZoneId zone, int retries,
                       Duration retryDelay, Misfire misfire, String signature) {

    /** After downtime: run the last missed fire once when a node starts, or skip what was missed. */
    public enum Misfire { RUN_ONCE, SKIP }

    private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    /** A schedule declared in cloud code with {@code Parse.Cloud.job(name, fn, {schedule, ...})}. */
    public static Schedule fromCode(JsonNode declared) {
        return build("code:" + declared.path("jobName").asText(), declared, declared.path("cron").asText());
    }

    /** A {@code _JobSchedule} object: {@code cron}, or Parse's {@code timeOfDay}/{@code daysOfWeek}/{@code repeatMinutes}. */
    public static Schedule fromStored(JsonNode stored) {
        return build(stored.path("objectId").asText(), stored, cronOf(stored));
    }

    private static Schedule build(String key, JsonNode json, String cron) {
        String jobName = json.path("jobName").asText("");
        if (jobName.isEmpty()) {
            throw invalid("a schedule needs a jobName");
        }
        if (!CronExpression.isValidExpression(cron)) {
            throw invalid("invalid cron expression \"" + cron + "\" (Quartz syntax: seconds minutes hours"
                    + " day-of-month month day-of-week, e.g. \"0 */5 * * * ?\")");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(json.path("timeZone").asText("UTC").isEmpty() ? "UTC" : json.path("timeZone").asText("UTC"));
        } catch (DateTimeException e) {
            throw invalid("unknown timeZone " + json.path("timeZone").asText());
        }
        int retries = json.path("retries").asInt(0);
        int delay = json.path("retryDelaySeconds").asInt(30);
        if (retries < 0 || retries > 10 || delay < 1 || delay > 86_400) {
            throw invalid("retries is 0 to 10 and retryDelaySeconds 1 to 86400");
        }
        String misfire = json.path("misfire").asText("skip");
        if (!misfire.equals("skip") && !misfire.equals("runOnce")) {
            throw invalid("misfire is \"runOnce\" or \"skip\"");
        }
        ObjectNode params = paramsOf(json.get("params"));
        String signature = String.join("|", jobName, cron, zone.getId(), Integer.toString(retries),
                Integer.toString(delay), misfire, Json.text(params));
        return new Schedule(key, jobName, params, cron, zone, retries, Duration.ofSeconds(delay),
                misfire.equals("runOnce") ? Misfire.RUN_ONCE : Misfire.SKIP, signature);
    }

    /** Parse stores params as JSON text; an object is accepted too. */
    private static ObjectNode paramsOf(JsonNode params) {
        if (params == null || params.isNull() || params.isMissingNode()) {
            return Json.object();
        }
        JsonNode parsed = params.isTextual() ? (params.asText().isBlank() ? Json.object() : Json.parse(params.asText()))
                : params;
        if (!(parsed instanceof ObjectNode object)) {
            throw invalid("params is a JSON object");
        }
        return object;
    }

    /** Parse's dashboard fields as a cron expression: a time of day on some days, or every N minutes. */
    static String cronOf(JsonNode stored) {
        String cron = stored.path("cron").asText("");
        if (!cron.isEmpty()) {
            return cron;
        }
        String[] time = stored.path("timeOfDay").asText("00:00:00").split(":");
        int hour = part(time, 0);
        int minute = part(time, 1);
        int second = part(time, 2);
        int repeat = stored.path("repeatMinutes").asInt(0);
        if (repeat > 0) {
            if (repeat < 60 && 60 % repeat == 0) {
                return second + " " + (minute % repeat) + "/" + repeat + " * * * ?";
            }
            if (repeat % 60 == 0 && 1440 % repeat == 0) {
                return second + " " + minute + " " + (hour % (repeat / 60)) + "/" + (repeat / 60) + " * * ?";
            }
            throw invalid("repeatMinutes must divide an hour or a day (e.g. 5, 15, 60, 120); use cron for others");
        }
        List<String> days = new ArrayList<>();
        stored.path("daysOfWeek").forEach(day -> days.add(dayName(day)));
        return second + " " + minute + " " + hour + " ? * " + (days.isEmpty() ? "*" : String.join(",", days));
    }

    private static String dayName(JsonNode day) {
        if (day.isInt() && day.asInt() >= 0 && day.asInt() <= 6) {
            return DAY_NAMES[day.asInt()];
        }
        String name = day.asText("").toUpperCase(Locale.ROOT);
        for (String known : DAY_NAMES) {
            if (name.startsWith(known)) {
                return known;
            }
        }
        throw invalid("daysOfWeek holds 0 (Sunday) to 6 or day names");
    }

    private static int part(String[] parts, int index) {
        try {
            return parts.length > index ? Integer.parseInt(parts[index].trim()) : 0;
        } catch (NumberFormatException e) {
            throw invalid("timeOfDay is HH:MM:SS");
        }
    }

    private static ParseException invalid(String message) {
        return new ParseException(ParseErrorCode.VALIDATION_ERROR, "Invalid job schedule: " + message);
    }
}
