package io.heliobase.server.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;
import io.heliobase.server.http.MasterKeyRequired;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import io.heliobase.server.jobs.JobRunner;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Parse's {@code /cloud_code/jobs} routes (master key), which the Parse Dashboard uses: list the schedules, list the
 * deployed jobs and the scheduled ones, create, edit and delete a {@code _JobSchedule}. Heliobase's schedule fields
 * ({@code cron}, {@code timeZone}, {@code retries}, {@code retryDelaySeconds}, {@code misfire}) sit beside Parse's.
 */
public final class CloudCodeJobsService implements ParseRouter.Routes {
    private static final Set<String> FIELDS = Set.of("jobName", "description", "params", "startAfter", "daysOfWeek",
            "timeOfDay", "repeatMinutes", "cron", "timeZone", "retries", "retryDelaySeconds", "misfire");

    private final DataService data;
    private final Optional<JobRunner> jobs;
    private final Optional<JobScheduler> scheduler;

    public CloudCodeJobsService(DataService data, Optional<JobRunner> jobs, Optional<JobScheduler> scheduler) {
        this.data = data;
        this.jobs = jobs;
        this.scheduler = scheduler;
    }

    @Override
    public void routes(ParseRouter router) {
        router.get("/cloud_code/jobs", this::list)
                .get("/cloud_code/jobs/data", this::jobsData)
                .post("/cloud_code/jobs", this::create)
                .put("/cloud_code/jobs/{objectId}", this::edit)
                .delete("/cloud_code/jobs/{objectId}", this::delete);
    }

    private ArrayNode schedules() {
        return (ArrayNode) data.find(Caller.MASTER, SystemClasses.JOB_SCHEDULE, Json.object().put("limit", 1000))
                .path("results");
    }

    private ParseResponse list(ParseRequest req) {
        MasterKeyRequired.forRead(req.caller());
        return ParseResponse.ok(schedules());
    }

    private ParseResponse jobsData(ParseRequest req) {
        MasterKeyRequired.forRead(req.caller());
        ArrayNode inUse = Json.array();
        schedules().forEach(s -> inUse.add(s.path("jobName").asText()));
        ArrayNode names = Json.array();
        jobs.map(JobRunner::jobNames).orElse(Set.of()).stream().sorted().forEach(names::add);
        ObjectNode out = Json.object();
        out.set("in_use", inUse);
        out.set("jobs", names);
        return ParseResponse.ok(out);
    }

    /** The posted {@code job_schedule}, checked: a deployed job, known fields, a schedule that parses. */
    private ObjectNode scheduleOf(ParseRequest req, boolean creating) {
        JsonNode body = req.bodyOrEmpty().path("job_schedule");
        if (!(body instanceof ObjectNode schedule)) {
            throw ParseException.invalidJson("the body is {\"job_schedule\": {...}}");
        }
        for (String field : (Iterable<String>) schedule::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw new ParseException(ParseErrorCode.INVALID_KEY_NAME, "Unknown job schedule field: " + field);
            }
        }
        ObjectNode copy = schedule.deepCopy();
        if (copy.has("jobName") && !jobs.map(j -> j.jobNames().contains(copy.path("jobName").asText())).orElse(false)) {
            throw new ParseException(ParseErrorCode.INTERNAL_SERVER_ERROR, "Cannot Schedule a job that is not deployed");
        }
        if (creating && !copy.hasNonNull("startAfter")) {
            copy.put("startAfter", Json.iso(Instant.now()));
        }
        if (copy.has("params") && copy.get("params").isObject()) {
            copy.put("params", Json.text(copy.get("params"))); // Parse stores params as JSON text
        }
        return copy;
    }

    private ParseResponse create(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "schedule jobs");
        ObjectNode schedule = scheduleOf(req, true);
        Schedule.fromStored(schedule.deepCopy().put("objectId", "check")); // refuses a bad schedule before storing it
        schedule.set("ACL", Json.object());
        DataService.Created created = data.create(Caller.MASTER, SystemClasses.JOB_SCHEDULE, schedule);
        scheduler.ifPresent(JobScheduler::reconcile);
        return ParseResponse.ok(created.body());
    }

    private ParseResponse edit(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "schedule jobs");
        String id = req.param("objectId");
        ObjectNode changes = scheduleOf(req, false);
        ObjectNode merged = data.get(Caller.MASTER, SystemClasses.JOB_SCHEDULE, id, Json.object());
        merged.setAll(changes);
        Schedule.fromStored(merged);
        ObjectNode response = data.update(Caller.MASTER, SystemClasses.JOB_SCHEDULE, id, changes);
        scheduler.ifPresent(JobScheduler::reconcile);
        return ParseResponse.ok(response);
    }

    private ParseResponse delete(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "delete job schedules");
        data.delete(Caller.MASTER, SystemClasses.JOB_SCHEDULE, req.param("objectId"));
        scheduler.ifPresent(JobScheduler::reconcile);
        return ParseResponse.ok(Json.object());
    }
}
