package io.heliobase.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.cloudcode.CloudCode;
import io.heliobase.cloudcode.sandbox.Limits;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.DataService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs cloud-code jobs and records each run in {@code _JobStatus} as Parse does: {@code running} with its name,
 * source and params (readable with the master key only), then {@code succeeded}, {@code failed} or — when its budget
 * stopped it — {@code timed_out}, with {@code finishedAt} and the message it ended with; plus {@code startedAt},
 * {@code attempt} and {@code schedule} for scheduled runs.
 */
public final class JobRunner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobRunner.class.getName());

    /** A job the server itself provides (retention), run in Java; answers its final message. */
    @FunctionalInterface
    public interface BuiltInJob {
        String run(JsonNode params);
    }

    private final Optional<CloudCode> code;
    private final DataService data;
    private final Limits limits;
    private final Map<String, BuiltInJob> builtIns = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Set<String> cloudJobs;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();

    public JobRunner(Optional<CloudCode> code, DataService data, Duration cpuBudget) {
        this.code = code;
        this.data = data;
        // a job may do much more than a request: its budget is CPU time; allocation and statement counts scale with it
        this.limits = new Limits(cpuBudget, Limits.FUNCTION_DEFAULTS.allocatedBytes() * Math.max(1, cpuBudget.toSeconds()),
                Long.MAX_VALUE);
        this.cloudJobs = code.map(c -> Set.copyOf(c.jobNames())).orElse(Set.of());
        code.ifPresent(c -> c.onReload(() -> cloudJobs = Set.copyOf(c.jobNames())));
    }

    /** Adds a built-in job (its name is kept apart from cloud code's by a {@code heliobase:} prefix). */
    public JobRunner withBuiltIn(String name, BuiltInJob job) {
        builtIns.put(name, job);
        return this;
    }

    public Set<String> jobNames() {
        Set<String> all = new java.util.TreeSet<>(cloudJobs);
        all.addAll(builtIns.keySet());
        return all;
    }

    /** Records the run as running and starts it; answers the {@code _JobStatus} id at once. */
    public String start(String jobName, JsonNode params, String source) {
        String id = record(jobName, params, source, null, 1, null);
        runs.submit(() -> run(id, jobName, params, null));
        return id;
    }

    /** A run's end: its status (succeeded, failed or timed_out) and the {@code _JobStatus} that records it. */
    public record Outcome(String statusId, String status) {
    }

    /**
     * Records and runs a job to its end on the calling thread (the scheduler's), for scheduled runs and retries;
     * {@code scheduledAt} is the fire time it runs for ({@code request.scheduledAt}).
     */
    public Outcome runToEnd(String jobName, JsonNode params, String source, String schedule, int attempt,
                            Instant scheduledAt) {
        String id = record(jobName, params, source, schedule, attempt, scheduledAt);
        return new Outcome(id, run(id, jobName, params, scheduledAt));
    }

    private String record(String jobName, JsonNode params, String source, String schedule, int attempt,
                          Instant scheduledAt) {
        if (!jobNames().contains(jobName)) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "Invalid job.");
        }
        ObjectNode status = Json.object().put("jobName", jobName).put("source", source).put("status", "running");
        status.set("params", params.isObject() ? params : Json.object());
        status.set("startedAt", Json.date(Instant.now()));
        status.put("attempt", attempt);
        if (schedule != null) {
            status.put("schedule", schedule);
            status.set("scheduledAt", Json.date(scheduledAt));
        }
        status.set("ACL", Json.object()); // nobody but the master key reads it
        return data.create(Caller.MASTER, SystemClasses.JOB_STATUS, status).objectId();
    }


    private String run(String statusId, String jobName, JsonNode params, Instant scheduledAt) {
        ObjectNode request = Json.object();
        request.set("params", params.isObject() ? params : Json.object());
        request.put("jobId", statusId).put("jobName", jobName);
        if (scheduledAt != null) {
            request.put("scheduledAt", Json.iso(scheduledAt));
        }
        ObjectNode end = Json.object();
        try {
            BuiltInJob builtIn = builtIns.get(jobName);
            Optional<String> message = builtIn != null ? Optional.ofNullable(builtIn.run(request.path("params")))
                    : code.orElseThrow().runJob(jobName, request, limits);
            end.put("status", "succeeded");
            message.ifPresent(m -> end.put("message", m));
        } catch (CloudCode.Stopped e) {
            end.put("status", "timed_out").put("message", e.getMessage());
        } catch (ParseException e) {
            end.put("status", "failed").put("message", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "job " + jobName + " failed", e);
            end.put("status", "failed").put("message", "Internal server error.");
        }
        end.set("finishedAt", Json.date(Instant.now()));
        try {
            data.update(Caller.MASTER, SystemClasses.JOB_STATUS, statusId, end);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot record the end of job " + jobName + " (" + statusId + ")", e);
        }
        return end.path("status").asText();
    }

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
