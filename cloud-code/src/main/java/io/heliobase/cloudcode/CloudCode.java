package io.heliobase.cloudcode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.cloudcode.fetch.FetchPolicy;
import io.heliobase.cloudcode.fetch.OutboundFetch;
import io.heliobase.cloudcode.sandbox.JsSandbox;
import io.heliobase.cloudcode.sandbox.Limits;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Cloud functions ({@code Parse.Cloud.define}) run in the sandbox. Requests go in and results come out as JSON
 * text only, so no host object ever reaches a script.
 */
public final class CloudCode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CloudCode.class.getName());
    /** Swapped whole by {@link #reload()}: a call runs entirely on the registry it started with. */
    private volatile JsSandbox sandbox;
    private final Limits limits;
    /** Functions declared with their own {@code timeoutMs}, as the limits they run under; swapped with the sandbox. */
    private volatile Map<String, Limits> functionLimits;
    private final java.util.function.Supplier<JsSandbox> loader;
    private final List<Runnable> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final UnaryOperator<String> scrubber;

    private CloudCode(java.util.function.Supplier<JsSandbox> loader, Limits limits, UnaryOperator<String> scrubber) {
        this.loader = loader;
        this.limits = limits;
        this.scrubber = scrubber;
        this.sandbox = loader.get();
        this.functionLimits = functionLimits(sandbox);
    }

    /** Loads the scripts; {@code server} answers what they ask of the data (queries, saves, deletes); no fetch. */
    public static CloudCode load(Path mainScript, Limits limits, int threads, ServerAccess server) {
        return load(mainScript, limits, threads, server, FetchPolicy.NONE);
    }

    /** As above, with {@code fetch} allowed where {@code fetchPolicy} says. */
    public static CloudCode load(Path mainScript, Limits limits, int threads, ServerAccess server,
                                 FetchPolicy fetchPolicy) {
        return load(mainScript, limits, threads, server, fetchPolicy, UnaryOperator.identity());
    }

    /**
     * As above; {@code scrubber} rewrites what scripts print and the error messages they throw (PII redaction)
     * before either reaches a log or a client.
     */
    public static CloudCode load(Path mainScript, Limits limits, int threads, ServerAccess server,
                                 FetchPolicy fetchPolicy, UnaryOperator<String> scrubber) {
        OutboundFetch outbound = new OutboundFetch(fetchPolicy);
        ServerAccess withFetch = request -> "fetch".equals(request.path("op").asText()) ? outbound.send(request)
                : server.call(request);
        return new CloudCode(() -> new JsSandbox(mainScript, threads, request -> answer(withFetch, request),
                scrubber), limits, scrubber);
    }

    /**
     * Loads the scripts again and, if they load, swaps the whole registry in; calls under way finish on the old one.
     * If they do not load (a syntax error, a throwing top level), the running code stays and the error is thrown.
     */
    public synchronized void reload() {
        JsSandbox fresh = loader.get();
        Map<String, Limits> freshLimits;
        try {
            freshLimits = functionLimits(fresh); // evaluates every script now, so errors surface here
        } catch (RuntimeException e) {
            fresh.close();
            throw new IllegalStateException("cloud code did not load: " + e.getMessage(), e);
        }
        JsSandbox old = sandbox;
        functionLimits = freshLimits; // before the sandbox: a call that sees the new sandbox sees its budgets
        sandbox = fresh;
        old.closeWhenIdle();
        reloadListeners.forEach(Runnable::run);
    }

    /** The JavaScript runtime: "GraalVM CE" when the optimizing compiler is loaded, "Interpreted" when not. */
    public String runtimeName() {
        return sandbox.runtimeName();
    }

    /** Runs {@code listener} after each successful reload (to refresh what was read from the registry). */
    public void onReload(Runnable listener) {
        reloadListeners.add(listener);
    }

    /** Reloads whenever a file of the cloud folder changes (development); close the answer to stop watching. */
    public AutoCloseable watch(Path mainScript) {
        return new FolderWatcher(mainScript.toAbsolutePath().getParent(), () -> {
            try {
                reload();
                LOG.log(System.Logger.Level.INFO, "cloud code reloaded");
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cloud code changed but did not load; still running the"
                        + " previous version: " + e.getMessage());
            }
        });
    }

    /** A script's request to the server, answered {@code {"result":...}} or {@code {"error":{code,message}}}. */
    private static String answer(ServerAccess server, String requestJson) {
        ObjectNode answer = Json.object();
        try {
            JsonNode request = Json.parse(requestJson);
            if (!(request instanceof ObjectNode object)) {
                throw new ParseException(ParseErrorCode.INVALID_JSON, "a server request is a JSON object");
            }
            JsonNode result = server.call(object);
            answer.set("result", result == null ? Json.mapper().nullNode() : result);
        } catch (ParseException e) {
            answer.putObject("error").put("code", e.code().code()).put("message", e.getMessage());
        } catch (JsSandbox.BudgetExceeded e) {
            answer.putObject("error").put("code", ParseErrorCode.SCRIPT_FAILED.code()).put("message", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cloud code's server request failed", e);
            answer.putObject("error").put("code", ParseErrorCode.INTERNAL_SERVER_ERROR.code())
                    .put("message", "Internal server error.");
        }
        return Json.text(answer);
    }

    /** Runs a function; returns its result as JSON, or throws Parse's 141/142 (or the code the script threw). */
    public JsonNode run(String name, ObjectNode request) {
        JsSandbox current = sandbox;
        Limits budget = functionLimits.getOrDefault(name, limits);
        return answer("Cloud function " + name,
                () -> current.call(budget, "__heliobaseRun", name, Json.text(request))).get("result");
    }

    /** The CPU budgets functions declared ({@code Parse.Cloud.define(name, fn, {timeoutMs})}), other limits kept. */
    private Map<String, Limits> functionLimits(JsSandbox registry) {
        Map<String, Limits> budgets = new HashMap<>();
        Json.parse(registry.call(limits, "__heliobaseFunctionBudgets")).properties().forEach(e -> budgets.put(
                e.getKey(), new Limits(Duration.ofMillis(e.getValue().asLong()), limits.allocatedBytes(),
                        limits.statements())));
        return Map.copyOf(budgets);
    }

    /**
     * Runs a trigger ("beforeSave", "afterSave", "beforeDelete", "afterDelete", "beforeFind", "afterFind", ...) for a
     * class; returns its answer: {@code changes}, the fields a beforeSave set (a value, or {@code {"__op":"Delete"}}),
     * for beforeFind {@code query}, the query to run, for afterFind {@code objects}, the results to send; or throws
     * the Parse error the trigger threw.
     */
    public ObjectNode trigger(String type, String className, ObjectNode request, Limits triggerLimits) {
        return answer(type + " trigger of " + className, () -> sandbox.call(triggerLimits, "__heliobaseTrigger", type,
                className, Json.text(request)));
    }

    /**
     * Runs a job to its end on the threads for long runs, under {@code jobLimits}; answers the message it ended with
     * (a string it returned), or throws the Parse error it failed with.
     */
    public Optional<String> runJob(String name, ObjectNode request, Limits jobLimits) {
        return Optional.ofNullable(answer("Job " + name, () -> sandbox.callInBackground(jobLimits, "__heliobaseJob",
                name, Json.text(request))).path("message").textValue());
    }

    /**
     * Runs an agent tool's handler under {@code toolLimits}; answers its result (always an object: other values come
     * as {@code {"value": ...}}), or throws the Parse error it threw.
     */
    public ObjectNode runTool(String name, ObjectNode request, Limits toolLimits) {
        JsonNode result = answer("Tool " + name, () -> sandbox.call(toolLimits, "__heliobaseTool", name,
                Json.text(request))).get("result");
        return result instanceof ObjectNode object ? object : Json.object();
    }

    /**
     * The agent tools the scripts registered with {@code Heliobase.tool}: name, description, input and output JSON
     * Schemas, permission, requiresApproval, idempotent and timeoutMs, as the script declared them.
     */
    public List<ObjectNode> tools() {
        List<ObjectNode> specs = new ArrayList<>();
        Json.parse(sandbox.call(limits, "__heliobaseTools")).forEach(n -> specs.add((ObjectNode) n));
        return specs;
    }

    /** A call's JSON answer, or the Parse error it reports; a stopped or broken script is a 141. */
    private ObjectNode answer(String what, Supplier<String> call) {
        String json;
        try {
            json = call.get();
        } catch (JsSandbox.BudgetExceeded e) {
            throw new Stopped(what + " was stopped: " + e.getMessage());
        } catch (ParseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, scrubber.apply(String.valueOf(e.getMessage())));
        }
        JsonNode answer = Json.parse(json);
        JsonNode error = answer.get("error");
        if (error != null) {
            // a script's error message reaches clients and logs: it is scrubbed like what scripts print
            throw new ParseException(codeOf(error.path("code").asInt(141)),
                    scrubber.apply(error.path("message").asText("Script failed")));
        }
        return answer instanceof ObjectNode object ? object : Json.object();
    }

    /** A thrown code Parse knows, or 141. */
    private static ParseErrorCode codeOf(int code) {
        return ParseErrorCode.fromCode(code).orElse(ParseErrorCode.SCRIPT_FAILED);
    }

    /** The triggers the scripts registered, as "beforeSave:GameScore". */
    public Set<String> triggers() {
        return Set.copyOf(names("__heliobaseTriggers"));
    }

    public List<String> jobNames() {
        return names("__heliobaseJobNames");
    }

    /** The schedules declared with {@code Parse.Cloud.job(name, fn, {schedule, ...})}. */
    public List<ObjectNode> jobSchedules() {
        List<ObjectNode> schedules = new ArrayList<>();
        Json.parse(sandbox.call(limits, "__heliobaseJobSchedules")).forEach(n -> schedules.add((ObjectNode) n));
        return schedules;
    }

    /** A call stopped for passing its CPU, memory, time or nesting budget (141, as every script failure). */
    public static final class Stopped extends ParseException {
        Stopped(String message) {
            super(ParseErrorCode.SCRIPT_FAILED, message);
        }
    }

    public List<String> functionNames() {
        return names("__heliobaseFunctions");
    }

    private List<String> names(String function) {
        List<String> names = new ArrayList<>();
        Json.parse(sandbox.call(limits, function)).forEach(n -> names.add(n.asText()));
        return names;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
