package io.heliobase.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.server.audit.AuditLog;
import io.heliobase.server.data.DataService;
import io.heliobase.server.jobs.JobRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in retention job: for every class with a {@link RetentionRule}, deletes (with the master key, so triggers
 * and live queries see it as any delete) the objects past their time, a page at a time. Its runs are
 * {@code _JobStatus} objects like any job's; what it deleted is audited as counts per class.
 */
public final class Retention implements JobRunner.BuiltInJob {
    public static final String JOB = "heliobase:retention";
    private static final int PAGE = 500;

    private final DataService data;
    private final AuditLog audit;
    private final PrivacyExports exports;

    public Retention(DataService data, AuditLog audit, PrivacyExports exports) {
        this.data = data;
        this.audit = audit;
        this.exports = exports;
    }

    /** The job's schedule, shaped as cloud code declares one. */
    public static JsonNode schedule(String cron) {
        return Json.object().put("jobName", JOB).put("cron", cron).put("timeZone", "UTC").put("misfire", "runOnce");
    }

    @Override
    public String run(JsonNode params) {
        ObjectNode counts = Json.object();
        for (Map.Entry<String, ClassSchema> entry : data.schemas().all().entrySet()) {
            RetentionRule rule;
            try {
                rule = RetentionRule.of(entry.getValue()).orElse(null);
            } catch (ParseException invalid) {
                continue; // a rule that no longer fits its schema is left alone
            }
            if (rule != null) {
                int deleted = enforce(entry.getKey(), rule);
                if (deleted > 0) {
                    counts.put(entry.getKey(), deleted);
                }
            }
        }
        int expired = exports.expire(); // export archives are personal data too: kept 7 days
        if (expired > 0) {
            counts.put("_PrivacyRequest exports", expired);
        }
        if (!counts.isEmpty()) {
            audit.record(Caller.MASTER, "retention.deleted", Json.object().set("detail", counts));
        }
        List<String> parts = new ArrayList<>();
        counts.properties().forEach(e -> parts.add(e.getValue().asInt() + " " + e.getKey()));
        return parts.isEmpty() ? "nothing past its retention" : "deleted " + String.join(", ", parts);
    }

    private int enforce(String className, RetentionRule rule) {
        Instant cutoff = Instant.now().minus(Duration.ofDays(rule.days()));
        ObjectNode older = Json.object();
        older.set(rule.field(), Json.object().set("$lt", Json.date(cutoff)));
        ArrayNode and = Json.array().add(older);
        if (!rule.where().isEmpty()) {
            and.add(rule.where());
        }
        ObjectNode params = Json.object().put("limit", PAGE).put("keys", "objectId");
        params.set("where", Json.object().set("$and", and));
        int deleted = 0;
        while (true) {
            JsonNode page = data.find(Caller.MASTER, className, params).path("results");
            for (JsonNode object : page) {
                try {
                    data.delete(Caller.MASTER, className, object.path("objectId").asText());
                    deleted++;
                } catch (ParseException gone) {
                    // deleted meanwhile
                }
            }
            if (page.size() < PAGE) {
                return deleted;
            }
        }
    }
}
