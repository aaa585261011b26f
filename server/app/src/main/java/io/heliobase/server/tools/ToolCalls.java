package io.heliobase.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.cloudcode.CloudCode;
import io.heliobase.cloudcode.sandbox.Limits;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.audit.AuditLog;
import io.heliobase.server.data.DataService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs tool calls. Every call is a {@code _ToolCall} object the server alone writes — readable by the user it is for,
 * its task's owner and its approvers, so each of them can follow it through a live query — and every step of it is
 * an {@code _Audit} entry. Status: {@code awaiting_approval} → {@code running} → {@code succeeded} / {@code failed},
 * or {@code rejected}.
 */
public final class ToolCalls {
    /** A call's record as the API answers it, and whether it was an earlier call answered again. */
    public record Outcome(ObjectNode call, boolean replayed) {
    }

    private volatile Map<String, ToolSpec> tools;
    private final CloudCode code;
    private final DataService data;
    private final AuditLog audit;
    private final Duration defaultBudget;

    public ToolCalls(CloudCode code, DataService data, AuditLog audit, Duration defaultBudget) {
        this.code = code;
        this.data = data;
        this.audit = audit;
        this.defaultBudget = defaultBudget;
        this.tools = registry(code);
        code.onReload(() -> {
            try {
                tools = registry(code);
            } catch (IllegalStateException e) {
                System.getLogger(ToolCalls.class.getName()).log(System.Logger.Level.WARNING,
                        "reloaded cloud code declares a broken tool; keeping the previous tools: " + e.getMessage());
            }
        });
        // a retried request finds the first call by this key instead of making a second one
        data.storage().ensureUniqueIndex(SystemClasses.TOOL_CALL, "idempotencyKey");
    }

    private static Map<String, ToolSpec> registry(CloudCode code) {
        Map<String, ToolSpec> specs = new LinkedHashMap<>();
        code.tools().forEach(declared -> {
            ToolSpec spec = ToolSpec.of(declared);
            specs.put(spec.name(), spec);
        });
        return java.util.Collections.unmodifiableMap(specs);
    }

    /** The tools {@code caller} may call. */
    public List<ToolSpec> visibleTo(Caller caller) {
        return tools.values().stream().filter(t -> t.permission().allows(caller, Set.of())).toList();
    }

    public Outcome call(Caller caller, String name, JsonNode body, Optional<String> requestId) {
        ToolSpec tool = tools.get(name);
        if (tool == null || !tool.permission().allows(caller, Set.of())) {
            if (tool != null && caller instanceof Caller.Anonymous) {
                throw new ParseException(ParseErrorCode.SESSION_MISSING, "Tool " + name + " needs a signed-in user.");
            }
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "Invalid tool: \"" + name + "\"");
        }
        if (!caller.mayWrite()) {
            throw ParseException.forbidden("read-only masterKey isn't allowed to call tools.");
        }
        JsonNode input = body.has("input") ? body.get("input") : Json.object();
        tool.checkInput(input);
        Optional<ObjectNode> task = taskOf(caller, body.get("task"));

        // who asked ("user:<id>", "master" or "public"): an approved call runs as them, never as more
        ObjectNode record = Json.object().put("tool", name).put("caller", AuditLog.actorOf(caller));
        record.set("input", input.isObject() ? input : Json.object().set("value", input));
        boolean held = tool.approval().isPresent();
        record.put("status", held ? "awaiting_approval" : "running");
        if (caller instanceof Caller.User user) {
            record.set("user", Json.pointer(SystemClasses.USER, user.userId()));
        }
        task.ifPresent(t -> record.set("task", Json.pointer(SystemClasses.AGENT_TASK, t.path("objectId").asText())));
        requestId.ifPresent(id -> record.put("requestId", id).put("idempotencyKey", idempotencyKey(caller, name, id)));
        if (!held) {
            record.set("startedAt", Json.date(Instant.now()));
        }
        record.set("ACL", readers(caller, task, tool));
        String id;
        try {
            id = data.create(Caller.MASTER, SystemClasses.TOOL_CALL, record).objectId();
        } catch (ParseException e) {
            if (e.code() == ParseErrorCode.DUPLICATE_VALUE && requestId.isPresent()) {
                return replay(caller, name, requestId.get());
            }
            throw e;
        }
        audit.record(caller, held ? "tool.held" : "tool.called", about(name, id, task));
        task.ifPresent(t -> step(t.path("objectId").asText(), name, id, held ? "awaiting_approval" : "running"));
        if (held) {
            return new Outcome(load(id), false);
        }
        return new Outcome(run(tool, id, caller, input, task, Json.object()), false);
    }

    /** Approves a held call and runs it for the user it is for; answers the finished record. */
    public ObjectNode approve(Caller approver, String callId) {
        ObjectNode call = held(approver, callId, "approve");
        ToolSpec tool = tools.get(call.path("tool").asText());
        ObjectNode approval = Json.object().put("by", AuditLog.actorOf(approver)).put("decision", "approved");
        approval.set("at", Json.date(Instant.now()));
        ObjectNode running = Json.object().put("status", "running");
        running.set("approval", approval);
        running.set("startedAt", Json.date(Instant.now()));
        data.update(Caller.MASTER, SystemClasses.TOOL_CALL, callId, running);
        Optional<ObjectNode> task = storedTask(call);
        audit.record(approver, "tool.approved", about(tool.name(), callId, task));
        task.ifPresent(t -> step(t.path("objectId").asText(), tool.name(), callId, "running"));
        JsonNode input = call.path("input");
        return run(tool, callId, ownerCaller(call), input, task, approval);
    }

    /** Rejects a held call: it never runs. */
    public ObjectNode reject(Caller approver, String callId, String reason) {
        ObjectNode call = held(approver, callId, "reject");
        String tool = call.path("tool").asText();
        ObjectNode approval = Json.object().put("by", AuditLog.actorOf(approver)).put("decision", "rejected");
        approval.set("at", Json.date(Instant.now()));
        if (reason != null && !reason.isBlank()) {
            approval.put("reason", reason);
        }
        ObjectNode rejected = Json.object().put("status", "rejected");
        rejected.set("approval", approval);
        rejected.set("finishedAt", Json.date(Instant.now()));
        data.update(Caller.MASTER, SystemClasses.TOOL_CALL, callId, rejected);
        Optional<ObjectNode> task = storedTask(call);
        audit.record(approver, "tool.rejected", about(tool, callId, task));
        task.ifPresent(t -> step(t.path("objectId").asText(), tool, callId, "rejected"));
        return load(callId);
    }

    private ObjectNode run(ToolSpec tool, String callId, Caller caller, JsonNode input, Optional<ObjectNode> task,
                           ObjectNode approval) {
        ObjectNode request = data.cloudRequest(caller);
        request.set("input", input);
        request.put("tool", tool.name()).put("toolCall", callId);
        request.put("task", task.map(t -> t.path("objectId").asText()).orElse(null));
        if (!approval.isEmpty()) {
            request.set("approval", approval);
        }
        Duration budget = tool.timeout().orElse(defaultBudget);
        Limits limits = new Limits(budget, Limits.FUNCTION_DEFAULTS.allocatedBytes(), Limits.FUNCTION_DEFAULTS.statements());
        long started = System.nanoTime();
        ObjectNode end = Json.object();
        try {
            ObjectNode result = code.runTool(tool.name(), request, limits);
            Optional<String> problem = tool.outputProblem(result.has("value") && result.size() == 1
                    ? result.get("value") : result);
            if (problem.isPresent()) {
                end.put("status", "failed").set("error", error(ParseErrorCode.VALIDATION_ERROR,
                        "Invalid output from tool " + tool.name() + ": " + problem.get()));
            } else {
                end.put("status", "succeeded").set("result", result);
            }
        } catch (ParseException e) {
            end.put("status", "failed").set("error", error(e.code(), e.getMessage()));
        }
        end.set("finishedAt", Json.date(Instant.now()));
        end.put("durationMs", (System.nanoTime() - started) / 1_000_000);
        data.update(Caller.MASTER, SystemClasses.TOOL_CALL, callId, end);
        String status = end.path("status").asText();
        ObjectNode detail = about(tool.name(), callId, task);
        if (end.has("error")) {
            detail.set("detail", end.get("error"));
        }
        audit.record(caller, "tool." + status, detail);
        task.ifPresent(t -> step(t.path("objectId").asText(), tool.name(), callId, status));
        return load(callId);
    }

    /** A call awaiting approval that {@code approver} may decide on; 101 for anyone who cannot see it. */
    private ObjectNode held(Caller approver, String callId, String decision) {
        if (!approver.mayWrite()) {
            throw ParseException.forbidden("read-only masterKey isn't allowed to " + decision + " tool calls.");
        }
        ObjectNode call = load(callId);
        ToolSpec tool = tools.get(call.path("tool").asText());
        if (tool == null || tool.approval().isEmpty() || !tool.approval().get().allows(approver, owners(call))) {
            if (approver.isMaster() || canRead(approver, callId)) {
                throw ParseException.forbidden("You may not " + decision + " this tool call.");
            }
            throw ParseException.notFound();
        }
        if (!"awaiting_approval".equals(call.path("status").asText())) {
            throw ParseException.forbidden("This tool call is " + call.path("status").asText()
                    + ", not awaiting approval.");
        }
        return call;
    }

    private boolean canRead(Caller caller, String callId) {
        try {
            data.get(caller, SystemClasses.TOOL_CALL, callId, Json.object());
            return true;
        } catch (ParseException e) {
            return false;
        }
    }

    /** The user ids a call belongs to: its caller and its task's owner. */
    private Set<String> owners(ObjectNode call) {
        Set<String> owners = new java.util.HashSet<>();
        String user = call.path("user").path("objectId").asText(null);
        if (user != null) {
            owners.add(user);
        }
        storedTask(call).map(t -> t.path("owner").path("objectId").asText(null)).ifPresent(owners::add);
        return owners;
    }

    /**
     * After approval the tool runs as whoever asked for it: the user (without a session), the master key for master
     * calls, and public access for signed-out callers — approval never adds rights.
     */
    private static Caller ownerCaller(ObjectNode call) {
        String user = call.path("user").path("objectId").asText(null);
        if (user != null) {
            return new Caller.User(user, null, Set.of());
        }
        return "master".equals(call.path("caller").asText()) ? Caller.MASTER : Caller.ANONYMOUS;
    }

    private Outcome replay(Caller caller, String name, String requestId) {
        List<ObjectNode> found = data.find(Caller.MASTER, SystemClasses.TOOL_CALL, Json.object().set("where",
                Json.object().put("idempotencyKey", idempotencyKey(caller, name, requestId)))).path("results")
                .valueStream().map(ObjectNode.class::cast).toList();
        if (found.isEmpty()) {
            throw new ParseException(ParseErrorCode.DUPLICATE_VALUE, "A tool call with this request id is in progress.");
        }
        return new Outcome(strip(found.getFirst()), true);
    }

    private Optional<ObjectNode> taskOf(Caller caller, JsonNode taskId) {
        if (taskId == null || taskId.isNull()) {
            return Optional.empty();
        }
        if (!taskId.isTextual()) {
            throw ParseException.invalidJson("task is the objectId of an _AgentTask");
        }
        // the caller must be able to read the task it files the call under
        return Optional.of(data.get(caller, SystemClasses.AGENT_TASK, taskId.asText(), Json.object()));
    }

    private Optional<ObjectNode> storedTask(ObjectNode call) {
        String id = call.path("task").path("objectId").asText(null);
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(data.get(Caller.MASTER, SystemClasses.AGENT_TASK, id, Json.object()));
        } catch (ParseException gone) {
            return Optional.empty();
        }
    }

    /** Appends a step to the task and makes it the current one, so a live query on the task shows the run. */
    private void step(String taskId, String tool, String callId, String status) {
        ObjectNode step = Json.object().put("type", "tool").put("name", tool).put("status", status);
        step.set("toolCall", Json.pointer(SystemClasses.TOOL_CALL, callId));
        step.set("at", Json.date(Instant.now()));
        ObjectNode update = Json.object().put("currentStep", tool + ": " + status);
        update.set("steps", Json.object().put("__op", "Add").set("objects", Json.array().add(step)));
        try {
            data.update(Caller.MASTER, SystemClasses.AGENT_TASK, taskId, update);
        } catch (ParseException deleted) {
            // the task was deleted while the call ran; the call itself is recorded
        }
    }

    private static ObjectNode readers(Caller caller, Optional<ObjectNode> task, ToolSpec tool) {
        ObjectNode acl = Json.object();
        if (caller instanceof Caller.User user) {
            acl.set(user.userId(), Json.object().put("read", true));
        }
        task.map(t -> t.path("owner").path("objectId").asText(null))
                .ifPresent(owner -> acl.set(owner, Json.object().put("read", true)));
        if (tool.approval().orElse(null) instanceof ToolAccess.Roles roles) {
            roles.names().forEach(role -> acl.set("role:" + role, Json.object().put("read", true)));
        }
        return acl;
    }

    private ObjectNode load(String callId) {
        return strip(data.get(Caller.MASTER, SystemClasses.TOOL_CALL, callId, Json.object()));
    }

    /** The idempotency key is the server's business. */
    private static ObjectNode strip(ObjectNode call) {
        call.remove("idempotencyKey");
        return call;
    }

    private static ObjectNode about(String tool, String callId, Optional<ObjectNode> task) {
        ObjectNode about = Json.object().put("tool", tool);
        about.set("toolCall", Json.pointer(SystemClasses.TOOL_CALL, callId));
        task.ifPresent(t -> about.set("task", Json.pointer(SystemClasses.AGENT_TASK, t.path("objectId").asText())));
        return about;
    }

    private static ObjectNode error(ParseErrorCode code, String message) {
        return Json.object().put("code", code.code()).put("message", message);
    }



    /** Scoped to the caller and tool, so one client's request ids never meet another's calls. */
    private static String idempotencyKey(Caller caller, String tool, String requestId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((AuditLog.actorOf(caller) + "\n" + tool + "\n"
                    + requestId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
