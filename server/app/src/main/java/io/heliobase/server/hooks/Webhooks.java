package io.heliobase.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.server.data.DataService;
import io.heliobase.server.data.ObjectIds;
import io.heliobase.server.data.Triggers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The registry of webhooks ({@code _Hooks}) and the calls to them. A webhook answers {@code {"success": result}} or
 * {@code {"error": message}} (or {@code {"error": {code, message}}}); a beforeSave webhook's success is the object to
 * save. The registry is cached and re-read every few seconds, so hooks registered on another node arrive too.
 */
public final class Webhooks implements Triggers, AutoCloseable {
    static final String HOOKS = "_Hooks";
    private static final ClassSchema SCHEMA = ClassSchema.empty(HOOKS);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());

    private final DataService data;
    private final Optional<String> key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Map<String, Hook> byName = Map.of();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhooks-refresh").daemon(true).factory());

    public Webhooks(DataService data, Optional<String> key) {
        this.data = data;
        this.key = key;
        reload();
        refresher.scheduleWithFixedDelay(this::reloadQuietly, REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static String keyOf(Hook hook) {
        return switch (hook) {
            case Hook.Function f -> "function:" + f.functionName();
            case Hook.Trigger t -> t.triggerName() + ":" + t.className();
        };
    }

    /** Reads {@code _Hooks} again (stored as Parse stores it, with a {@code className} field no REST write allows). */
    void reload() {
        Map<String, Hook> fresh = new ConcurrentHashMap<>();
        storage().find(new StorageQuery(SCHEMA, new Predicate.All(), null, List.of(), 0, 10_000, null)).forEach(stored -> {
            try {
                Hook hook = Hook.of(stored);
                fresh.put(keyOf(hook), hook);
            } catch (ParseException invalid) {
                LOG.log(System.Logger.Level.WARNING, "ignoring an invalid _Hooks entry: " + stored);
            }
        });
        byName = Map.copyOf(fresh);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot re-read _Hooks: " + e.getMessage());
        }
    }

    List<Hook> all() {
        return byName.values().stream().toList();
    }

    Optional<Hook> find(Hook probe) {
        return Optional.ofNullable(byName.get(keyOf(probe)));
    }

    /** Stores a new or changed hook (replacing one of the same name). */
    synchronized void save(Hook hook) {
        removeStored(hook);
        ObjectNode stored = hook.toJson().put("objectId", ObjectIds.next());
        storage().insert(SCHEMA, stored);
        reload();
    }

    synchronized void remove(Hook hook) {
        removeStored(hook);
        reload();
    }

    private void removeStored(Hook hook) {
        ObjectNode identity = hook.toJson();
        identity.remove("url");
        List<Predicate> fields = new java.util.ArrayList<>();
        identity.properties().forEach(e -> fields.add(Predicate.equalTo(e.getKey(), e.getValue())));
        storage().find(new StorageQuery(SCHEMA, new Predicate.And(fields), null, List.of(), 0, 10_000, null))
                .forEach(stored -> storage().delete(SCHEMA, stored.path("objectId").asText(), null));
    }

    private StorageAdapter storage() {
        return data.storage();
    }

    public Optional<Hook.Function> function(String name) {
        return Optional.ofNullable(byName.get("function:" + name)).map(Hook.Function.class::cast);
    }

    /** Calls a function webhook; answers its {@code success}, or throws its error. */
    public JsonNode callFunction(Hook.Function hook, ObjectNode request) {
        request.put("functionName", hook.functionName());
        return post(hook, request);
    }

    @Override
    public boolean has(String type, String className) {
        return byName.containsKey(type + ":" + className);
    }

    /** A trigger webhook, answered in the shape of cloud-code triggers (a beforeSave's {@code changes}). */
    @Override
    public ObjectNode run(String type, String className, ObjectNode request) {
        Hook hook = byName.get(type + ":" + className);
        if (hook == null) {
            return Json.object().set("changes", Json.object());
        }
        request.put("triggerName", type);
        JsonNode object = request.path("object");
        if (object instanceof ObjectNode o) {
            o.put("className", className);
        }
        JsonNode result = post(hook, request);
        ObjectNode changes = Json.object();
        if (type.equals("beforeSave") && result != null && result.isObject()) {
            // the webhook answers the object to save: what differs from what it was sent is its change
            result.properties().forEach(e -> {
                String field = e.getKey();
                if (!List.of("objectId", "createdAt", "updatedAt", "className").contains(field)
                        && !e.getValue().equals(object.get(field))) {
                    changes.set(field, e.getValue());
                }
            });
        }
        return Json.object().set("changes", changes);
    }

    private JsonNode post(Hook hook, ObjectNode body) {
        body.remove("__roles");
        if (body.get("user") instanceof ObjectNode user) {
            user.remove("sessionToken"); // the caller's session stays with us
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hook.url())).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.text(body), StandardCharsets.UTF_8));
        key.ifPresent(k -> request.header("X-Parse-Webhook-Key", k));
        String answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        } catch (IOException e) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "webhook " + hook.url() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "webhook " + hook.url() + " interrupted");
        }
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(answer);
        } catch (IOException | RuntimeException e) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "Malformed response from webhook " + hook.url());
        }
        if (parsed == null || !parsed.isObject()) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "Malformed response from webhook " + hook.url());
        }
        JsonNode error = parsed.get("error");
        if (error != null && !error.isNull()) {
            if (error.isObject()) {
                throw new ParseException(codeOf(error.path("code").asInt(141)),
                        error.path("message").asText(error.path("error").asText("Webhook failed")));
            }
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, error.asText());
        }
        return parsed.get("success");
    }

    /** A thrown code Parse knows, or 141. */
    private static ParseErrorCode codeOf(int code) {
        return ParseErrorCode.fromCode(code).orElse(ParseErrorCode.SCRIPT_FAILED);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
