package io.heliobase.core.schema;

import io.heliobase.core.schema.FieldType.Kind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Parse's built-in classes and the fields each one always has (Parse Server's defaultColumns). */
public final class SystemClasses {
    public static final String USER = "_User";
    public static final String ROLE = "_Role";
    public static final String SESSION = "_Session";
    public static final String INSTALLATION = "_Installation";
    public static final String JOB_STATUS = "_JobStatus";
    public static final String JOB_SCHEDULE = "_JobSchedule";
    /** An agent tool call: its input, caller, status, timings and result (Heliobase, not Parse). */
    public static final String TOOL_CALL = "_ToolCall";
    /** An agent run a client follows: owner, goal, status, current step, steps with model and token usage. */
    public static final String AGENT_TASK = "_AgentTask";
    /** A user's export or erasure, followed by its owner through a live query. */
    public static final String PRIVACY_REQUEST = "_PrivacyRequest";
    /** The append-only audit log. */
    public static final String AUDIT = "_Audit";

    /** Classes only the master key may touch (Parse's enforceRoleSecurity list). */
    public static final Set<String> MASTER_ONLY = Set.of(
            "_JobStatus", "_PushStatus", "_Hooks", "_GlobalConfig", "_JobSchedule", "_Idempotency", "_Audience",
            "_GraphQLConfig", AUDIT);

    /** Classes that never get a _SCHEMA document (Parse's volatile classes). */
    public static final Set<String> VOLATILE = Set.of(
            "_JobStatus", "_PushStatus", "_Hooks", "_GlobalConfig", "_JobSchedule", "_Idempotency", "_Audience",
            "_GraphQLConfig");

    private static final Map<String, Map<String, FieldType>> DEFAULT_FIELDS = Map.ofEntries(
            Map.entry(USER, fields("username", Kind.STRING, "password", Kind.STRING, "email", Kind.STRING,
                    "emailVerified", Kind.BOOLEAN, "authData", Kind.OBJECT)),
            Map.entry(ROLE, roleFields()),
            Map.entry(SESSION, sessionFields()),
            Map.entry(INSTALLATION, installationFields()),
            Map.entry("_Product", fields("productIdentifier", Kind.STRING, "download", Kind.FILE, "downloadName", Kind.STRING,
                    "icon", Kind.FILE, "order", Kind.NUMBER, "title", Kind.STRING, "subtitle", Kind.STRING)),
            // Parse's fields, then Heliobase's: when a run started, which attempt it is, and the schedule it ran for
            Map.entry("_JobStatus", fields("jobName", Kind.STRING, "source", Kind.STRING, "status", Kind.STRING,
                    "message", Kind.STRING, "params", Kind.OBJECT, "finishedAt", Kind.DATE, "startedAt", Kind.DATE,
                    "attempt", Kind.NUMBER, "schedule", Kind.STRING, "scheduledAt", Kind.DATE)),
            // Parse's fields, then Heliobase's: a cron expression and its zone, retries and what to do after downtime
            Map.entry("_JobSchedule", fields("jobName", Kind.STRING, "description", Kind.STRING, "params", Kind.STRING,
                    "startAfter", Kind.STRING, "daysOfWeek", Kind.ARRAY, "timeOfDay", Kind.STRING,
                    "lastRun", Kind.NUMBER, "repeatMinutes", Kind.NUMBER, "cron", Kind.STRING, "timeZone", Kind.STRING,
                    "retries", Kind.NUMBER, "retryDelaySeconds", Kind.NUMBER, "misfire", Kind.STRING)),
            Map.entry("_PushStatus", fields("pushTime", Kind.STRING, "source", Kind.STRING, "query", Kind.STRING,
                    "payload", Kind.STRING, "title", Kind.STRING, "expiry", Kind.NUMBER, "status", Kind.STRING)),
            Map.entry("_Hooks", fields("functionName", Kind.STRING, "className", Kind.STRING, "triggerName", Kind.STRING,
                    "url", Kind.STRING)),
            Map.entry("_GlobalConfig", fields("objectId", Kind.STRING, "params", Kind.OBJECT, "masterKeyOnly", Kind.OBJECT)),
            Map.entry("_Audience", fields("name", Kind.STRING, "query", Kind.STRING, "lastUsed", Kind.DATE,
                    "timesUsed", Kind.NUMBER)),
            Map.entry("_Idempotency", fields("reqId", Kind.STRING, "expire", Kind.DATE)),
            Map.entry("_GraphQLConfig", fields("config", Kind.OBJECT)),
            Map.entry(TOOL_CALL, typed("tool", Kind.STRING, "input", Kind.OBJECT, "status", Kind.STRING,
                    "caller", Kind.STRING,
                    "user", FieldType.pointer(USER), "task", FieldType.pointer(AGENT_TASK), "requestId", Kind.STRING,
                    "idempotencyKey", Kind.STRING, "result", Kind.OBJECT, "error", Kind.OBJECT, "startedAt", Kind.DATE,
                    "finishedAt", Kind.DATE, "durationMs", Kind.NUMBER, "approval", Kind.OBJECT)),
            Map.entry(AGENT_TASK, typed("owner", FieldType.pointer(USER), "goal", Kind.STRING, "status", Kind.STRING,
                    "currentStep", Kind.STRING, "steps", Kind.ARRAY, "model", Kind.STRING, "inputTokens", Kind.NUMBER,
                    "outputTokens", Kind.NUMBER)),
            Map.entry(PRIVACY_REQUEST, typed("kind", Kind.STRING, "user", FieldType.pointer(USER),
                    "status", Kind.STRING, "progress", Kind.NUMBER, "message", Kind.STRING, "counts", Kind.OBJECT,
                    "size", Kind.NUMBER, "finishedAt", Kind.DATE)),
            Map.entry(AUDIT, typed("action", Kind.STRING, "actor", Kind.STRING, "tool", Kind.STRING,
                    "toolCall", FieldType.pointer(TOOL_CALL), "task", FieldType.pointer(AGENT_TASK),
                    "targetClass", Kind.STRING, "targetId", Kind.STRING, "detail", Kind.OBJECT)));

    private SystemClasses() {
    }

    public static boolean isSystemClass(String className) {
        return DEFAULT_FIELDS.containsKey(className);
    }

    /** The class's built-in fields, empty for user classes. */
    public static Map<String, FieldType> defaultFields(String className) {
        return DEFAULT_FIELDS.getOrDefault(className, Map.of());
    }

    public static boolean isMasterOnly(String className) {
        return MASTER_ONLY.contains(className);
    }

    private static Map<String, FieldType> fields(Object... pairs) {
        Map<String, FieldType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], FieldType.of((Kind) pairs[i + 1]));
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** Like fields(), where a type is either a Kind or a FieldType (pointers). */
    private static Map<String, FieldType> typed(Object... pairs) {
        Map<String, FieldType> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object type = pairs[i + 1];
            map.put((String) pairs[i], type instanceof Kind kind ? FieldType.of(kind) : (FieldType) type);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Map<String, FieldType> roleFields() {
        Map<String, FieldType> map = new LinkedHashMap<>();
        map.put("name", FieldType.of(Kind.STRING));
        map.put("users", FieldType.relation(USER));
        map.put("roles", FieldType.relation(ROLE));
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Map<String, FieldType> sessionFields() {
        Map<String, FieldType> map = new LinkedHashMap<>();
        map.put("user", FieldType.pointer(USER));
        map.put("installationId", FieldType.of(Kind.STRING));
        map.put("sessionToken", FieldType.of(Kind.STRING));
        map.put("expiresAt", FieldType.of(Kind.DATE));
        map.put("createdWith", FieldType.of(Kind.OBJECT));
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Map<String, FieldType> installationFields() {
        Map<String, FieldType> map = new LinkedHashMap<>();
        for (String name : new String[] {"installationId", "deviceToken"}) {
            map.put(name, FieldType.of(Kind.STRING));
        }
        map.put("channels", FieldType.of(Kind.ARRAY));
        for (String name : new String[] {"deviceType", "pushType", "GCMSenderId", "timeZone", "localeIdentifier"}) {
            map.put(name, FieldType.of(Kind.STRING));
        }
        map.put("badge", FieldType.of(Kind.NUMBER));
        for (String name : new String[] {"appVersion", "appName", "appIdentifier", "parseVersion"}) {
            map.put(name, FieldType.of(Kind.STRING));
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
