package io.heliobase.server.livequery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.acl.AccessPolicy;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.events.ChangeListener;
import io.heliobase.core.events.ObjectChanged;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.livequery.matching.QueryMatcher;
import io.heliobase.livequery.protocol.EventType;
import io.heliobase.livequery.protocol.LiveQuery;
import io.heliobase.livequery.protocol.ServerMessage;
import io.heliobase.livequery.subscription.EventClassifier;
import io.heliobase.livequery.subscription.EventLog;
import io.heliobase.livequery.subscription.EventPayload;
import io.heliobase.livequery.subscription.Subscription;
import io.heliobase.livequery.subscription.SubscriptionIndex;
import io.heliobase.server.data.SchemaCache;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Matches committed writes against live-query subscriptions and sends each subscriber the event it may see: every
 * distinct query is evaluated once per event, then each subscription is checked with the same AccessPolicy as REST
 * (ACL with roles, pointer permissions, protected fields). Events are dispatched on one thread, in commit order, and
 * never on the writer's thread.
 */
public final class LiveQueryHub implements ChangeListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveQueryHub.class.getName());

    private final Set<String> classes;
    private final SchemaCache schemas;
    private final SubscriptionIndex<Subscriber> index = new SubscriptionIndex<>();
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("live-query-dispatch").daemon(true).factory());

    private final EventLog log;
    private final long retentionNanos;
    private final Map<String, Long> lastWatched = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile PointerReader pointers = (caller, className, objectId, include) -> Optional.empty();
    private volatile LiveQueryTriggers triggers = LiveQueryTriggers.NONE;
    private volatile Reveal reveal = (schema, caller, object) -> { };

    /** Shows encrypted fields to the subscribers who may read them (PII policies). */
    @FunctionalInterface
    public interface Reveal {
        void reveal(ClassSchema schema, Caller caller, ObjectNode object);
    }

    /** Wires the PII reveal; called once while wiring. */
    public void revealWith(Reveal fieldReveal) {
        this.reveal = fieldReveal;
    }

    /** Reads one object with a caller's rights, for {@code include} in events; empty when it may not be read. */
    @FunctionalInterface
    public interface PointerReader {
        Optional<ObjectNode> read(Caller caller, String className, String objectId, String include);
    }

    /** Wires cloud code's live-query triggers; called once while wiring. */
    public void triggerWith(LiveQueryTriggers cloudTriggers) {
        this.triggers = cloudTriggers;
    }

    LiveQueryTriggers triggers() {
        return triggers;
    }

    /** Wires the reader used for {@code include}; called once while wiring. */
    public void readPointersWith(PointerReader reader) {
        this.pointers = reader;
    }

    public LiveQueryHub(Set<String> classes, SchemaCache schemas, java.time.Duration retention, int retainedEvents) {
        this.classes = Set.copyOf(classes);
        this.schemas = schemas;
        this.log = new EventLog(retention, retainedEvents);
        this.retentionNanos = retention.toNanos();
    }

    /** System classes that publish by default: what agents report progress through. */
    private static final Set<String> AGENT_CLASSES = Set.of(SystemClasses.TOOL_CALL, SystemClasses.AGENT_TASK,
            SystemClasses.JOB_STATUS, SystemClasses.PRIVACY_REQUEST);

    /**
     * Whether a class publishes: the configured ones, or by default every class that is not a system class, plus
     * {@code _ToolCall}, {@code _AgentTask} and {@code _JobStatus} (the last for the master key only).
     */
    public boolean publishes(String className) {
        return classes.isEmpty() ? !className.startsWith("_") || AGENT_CLASSES.contains(className)
                : classes.contains(className);
    }

    SubscriptionIndex<Subscriber> index() {
        return index;
    }

    SchemaCache schemas() {
        return schemas;
    }

    /**
     * A class is announced while it has subscribers and for the retention window after its last one left, so a
     * client that drops off can resume; a class nobody watches costs its writes nothing (updates and deletes of an
     * announced class read the object first).
     */
    @Override
    public boolean interestedIn(String className) {
        if (!publishes(className)) {
            return false;
        }
        if (index.hasSubscriptions(className)) {
            lastWatched.put(className, System.nanoTime());
            return true;
        }
        Long watched = lastWatched.get(className);
        return watched != null && System.nanoTime() - watched < retentionNanos;
    }

    /** Called when a subscription is made, so the class is announced from then on. */
    void watched(String className) {
        lastWatched.put(className, System.nanoTime());
    }

    @Override
    public void onChange(ObjectChanged change) {
        onChange(change, null);
    }

    /** A change with a cluster-wide sequence (from Redis), or null to number it on this node. */
    void onChange(ObjectChanged change, Long sequence) {
        dispatcher.execute(() -> {
            try {
                deliver(log.append(change, sequence));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "live query dispatch failed for " + change.className(), e);
            }
        });
    }

    /**
     * Sends one new subscription what it missed after {@code since}, in order, before any later event (both run
     * on the dispatch thread), or a resync message when those events are no longer retained.
     */
    void replay(Subscriber subscriber, int requestId, String className, long since) {
        dispatcher.execute(() -> {
            Optional<Subscription<Subscriber>> subscription = index.find(subscriber, requestId);
            if (subscription.isEmpty()) {
                return;
            }
            Optional<List<EventLog.Entry>> missed = log.after(className, since);
            if (missed.isEmpty()) {
                subscriber.send(new ServerMessage.Resync(subscriber.clientId(), requestId,
                        "events after " + since + " are no longer retained; read the current state again"));
                return;
            }
            ClassSchema schema = schemas.schemaOrEmpty(className);
            LiveQuery query = subscription.get().query();
            for (EventLog.Entry entry : missed.get()) {
                ObjectChanged change = entry.change();
                boolean originalMatches = change.original() != null && QueryMatcher.matches(query.where(), change.original());
                boolean currentMatches = change.current() != null && QueryMatcher.matches(query.where(), change.current());
                if (originalMatches || currentMatches) {
                    deliverTo(subscription.get(), schema, entry, originalMatches, currentMatches, new HashMap<>());
                }
            }
        });
    }

    private void deliver(EventLog.Entry logged) {
        ObjectChanged change = logged.change();
        ClassSchema schema = schemas.schemaOrEmpty(change.className());
        for (Map.Entry<LiveQuery, List<Subscription<Subscriber>>> entry : index.byQuery(change.className()).entrySet()) {
            LiveQuery query = entry.getKey();
            boolean originalMatches = change.original() != null && QueryMatcher.matches(query.where(), change.original());
            boolean currentMatches = change.current() != null && QueryMatcher.matches(query.where(), change.current());
            if (!originalMatches && !currentMatches) {
                continue;
            }
            // subscribers of one query who see the object alike (same ACL entries and owner fields: e.g. every
            // signed-out one) share the prepared payload, so fan-out redacts and copies once per view, not per socket
            Map<String, Optional<Prepared>> views = new HashMap<>();
            for (Subscription<Subscriber> subscription : entry.getValue()) {
                deliverTo(subscription, schema, logged, originalMatches, currentMatches, views);
            }
        }
    }

    /** What one view of an event sends: its type and the object (and original) as that view may see them. */
    private record Prepared(EventType type, ObjectNode object, ObjectNode original) {
    }

    private void deliverTo(Subscription<Subscriber> subscription, ClassSchema schema, EventLog.Entry logged,
                           boolean originalMatches, boolean currentMatches, Map<String, Optional<Prepared>> views) {
        ObjectChanged change = logged.change();
        Subscriber subscriber = subscription.subscriber();
        int requestId = subscription.requestId();
        Optional<Caller> caller = subscriber.callerFor(requestId);
        if (caller.isEmpty()) {
            subscriber.drop(requestId, 209, "Invalid session token");
            return;
        }
        List<String> ownerFields = subscriber.ownerFields(requestId);
        boolean perSubscriber = triggers.hasAfterEvent(change.className()); // the trigger sees each subscriber
        String view = (caller.get().isMaster() ? "master" : String.join(",", caller.get().aclEntries())) + "|"
                + String.join(",", ownerFields);
        Optional<Prepared> prepared = perSubscriber ? prepare(subscription.query(), schema, caller.get(), ownerFields,
                change, originalMatches, currentMatches)
                : views.computeIfAbsent(view, v -> prepare(subscription.query(), schema, caller.get(), ownerFields,
                        change, originalMatches, currentMatches));
        if (prepared.isEmpty()) {
            return;
        }
        ObjectNode object = prepared.get().object();
        if (perSubscriber) {
            Optional<ObjectNode> changed = afterEvent(caller.get(), change.className(), prepared.get().type(), object,
                    prepared.get().original());
            if (changed.isEmpty()) {
                return;
            }
            object = changed.get();
        }
        subscriber.send(new ServerMessage.Event(prepared.get().type(), subscriber.clientId(), requestId, object,
                prepared.get().original(), null, logged.sequence()));
    }

    /** The event as one view sees it, or empty when that view gets nothing. Read-only once built: views share it. */
    private Optional<Prepared> prepare(LiveQuery query, ClassSchema schema, Caller caller, List<String> ownerFields,
                                       ObjectChanged change, boolean originalMatches, boolean currentMatches) {
        boolean originalVisible = originalMatches && visible(caller, change.original(), ownerFields);
        boolean currentVisible = currentMatches && visible(caller, change.current(), ownerFields);
        Optional<EventType> type = EventClassifier.classify(change.original() != null, originalVisible,
                currentVisible, change.isDelete());
        if (type.isEmpty() || !EventPayload.shouldSend(type.get(), query.watch(), change.original(), change.current())) {
            return Optional.empty();
        }
        ObjectNode object = payload(schema, caller, change.isDelete() ? change.original() : change.current(), query);
        ObjectNode original = switch (type.get()) {
            case UPDATE, ENTER, LEAVE -> change.original() == null ? null : payload(schema, caller, change.original(),
                    query);
            case CREATE, DELETE -> null;
        };
        if (!query.include().isEmpty()) {
            include(caller, object, query.include());
        }
        return Optional.of(new Prepared(type.get(), object, original));
    }

    /**
     * afterLiveQueryEvent for one subscriber: what it answers is sent (as Parse does, the trigger is trusted with what it
     * adds); a trigger that fails stops the event, so an error never leaks an unfiltered object.
     */
    private Optional<ObjectNode> afterEvent(Caller caller, String className, EventType type, ObjectNode object,
                                            ObjectNode original) {
        try {
            return triggers.afterEvent(caller, className, type.name().toLowerCase(java.util.Locale.ROOT), object,
                    original).map(changed -> {
                        changed.put("className", className);
                        changed.put("__type", "Object");
                        return changed;
                    });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "afterLiveQueryEvent of " + className + " failed: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean visible(Caller caller, ObjectNode object, List<String> ownerFields) {
        if (!AccessPolicy.canRead(caller, object.get("ACL"))) {
            return false;
        }
        if (ownerFields.isEmpty() || caller.isMaster()) {
            return true;
        }
        return caller instanceof Caller.User user && AccessPolicy.ownedBy(user.userId(), object, ownerFields);
    }

    /**
     * Replaces pointers named by {@code include} ("author", "post.author") with the objects, read with the
     * subscriber's own rights; a pointer the subscriber may not read is dropped, as a REST include drops it.
     */
    private void include(Caller caller, ObjectNode object, List<String> paths) {
        java.util.Map<String, List<String>> byField = new java.util.LinkedHashMap<>();
        for (String path : paths) {
            int dot = path.indexOf('.');
            byField.computeIfAbsent(dot < 0 ? path : path.substring(0, dot), k -> new java.util.ArrayList<>())
                    .add(dot < 0 ? "" : path.substring(dot + 1));
        }
        byField.forEach((field, rest) -> {
            var pointer = object.get(field);
            if (pointer == null || !"Pointer".equals(pointer.path("__type").asText())) {
                return;
            }
            String nested = String.join(",", rest.stream().filter(r -> !r.isEmpty()).toList());
            Optional<ObjectNode> target = pointers.read(caller, pointer.path("className").asText(),
                    pointer.path("objectId").asText(), nested);
            if (target.isPresent()) {
                ObjectNode included = io.heliobase.core.json.Json.object().put("__type", "Object")
                        .put("className", pointer.path("className").asText());
                included.setAll(target.get());
                object.set(field, included);
            } else {
                object.remove(field);
            }
        });
    }

    /** The object as this subscriber may see it, in Parse's event shape (className, keys projection). */
    private ObjectNode payload(ClassSchema schema, Caller caller, ObjectNode stored, LiveQuery query) {
        ObjectNode projected = query.keys().isEmpty() ? stored.deepCopy() : EventPayload.project(stored, query.keys());
        AccessPolicy.redact(schema, caller, projected);
        reveal.reveal(schema, caller, projected);
        projected.put("className", schema.className());
        projected.put("__type", "Object");
        return projected;
    }

    @Override
    public void close() {
        dispatcher.shutdownNow();
    }
}
