package io.heliobase.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.acl.AccessPolicy;
import io.heliobase.core.acl.ClassPermissions;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.events.ChangeListener;
import io.heliobase.core.events.ObjectChanged;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.object.AclJson;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.pii.Entity;
import io.heliobase.core.object.ObjectBody;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.FindOptions;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.query.WhereParser;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import io.heliobase.core.schema.Names;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.server.http.RequestInfo;
import io.heliobase.server.privacy.PiiPolicies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The object API every entry point goes through (REST, batch, later cloud code and the dashboard): class and
 * permission checks, schema enforcement, system-class rules, then one storage command. Responses come back in
 * Parse's REST shapes, with what the caller may not see removed.
 */
public final class DataService {
    private final StorageAdapter storage;
    private final SchemaCache schemas;
    private final SchemaEnforcer enforcer;
    private final DataSettings settings;
    private final QueryResolver resolver;
    private final Includes includes;
    private final Map<String, ClassRules> rules = new HashMap<>();
    /** Creates per class, written together when requests overlap. */
    private final Map<String, GroupWriter<PendingCreate>> inserts = new ConcurrentHashMap<>();
    private final ProtectedFieldGuard guard;
    private PiiPolicies privacy;
    private PiiDetections piiDetections;
    private volatile ChangeListener changes = ChangeListener.NONE;
    private volatile Triggers triggers = Triggers.NONE;
    private static final System.Logger LOG = System.getLogger(DataService.class.getName());

    public DataService(StorageAdapter storage, SchemaCache schemas, DataSettings settings) {
        this.storage = storage;
        this.schemas = schemas;
        this.settings = settings;
        this.enforcer = new SchemaEnforcer(storage, schemas, settings.allowClientClassCreation());
        this.resolver = new QueryResolver(this, storage, settings.queryLimits().maxInValues());
        this.includes = new Includes(this, settings.maxIncludeCount(), settings.maxIncludeDepth());
        this.guard = new ProtectedFieldGuard(schemas);
    }

    /** The same pipeline over another storage view (a transaction's), sharing schemas, rules and settings. */
    public DataService withStorage(StorageAdapter other) {
        DataService copy = new DataService(other, schemas, settings);
        copy.rules.putAll(rules);
        copy.triggers = triggers;
        copy.privacy = privacy; // PII policies apply inside a transaction too
        copy.piiDetections = piiDetections;
        copy.writeAudit = writeAudit;
        // a transaction's writes are announced only if it commits, which this copy cannot know: it announces none
        return copy;
    }

    /** Cloud-code triggers around writes; called while wiring. */
    /** Wires the PII policies and who hears of what they found (the audit log); called once while wiring. */
    public DataService withPrivacy(PiiPolicies policies, PiiDetections detections) {
        this.privacy = policies;
        this.piiDetections = detections;
        return this;
    }

    /** Hears of the writes worth auditing: master-key writes from clients, and every change to roles. */
    @FunctionalInterface
    public interface WriteAudit {
        /** Records the writes, together; returns once they are stored. */
        void written(List<AuditedWrite> writes);
    }

    /** One write for the audit log: who, what, which object and which fields — never the values. */
    public record AuditedWrite(String action, Caller caller, String className, String objectId, Set<String> fields) {
    }

    private WriteAudit writeAudit;
    /** Records the server keeps itself (with the master key) while serving a request; they have their own trail. */
    private static final Set<String> SERVER_RECORDS = Set.of(SystemClasses.AUDIT, SystemClasses.TOOL_CALL,
            SystemClasses.JOB_STATUS, SystemClasses.PRIVACY_REQUEST, SystemClasses.AGENT_TASK);

    /** Wires the write audit (the audit log); called once while wiring. */
    public DataService withWriteAudit(WriteAudit audit) {
        this.writeAudit = audit;
        return this;
    }

    /**
     * Master-key writes that came in over HTTP (the server's own bookkeeping with the master key is not a client's
     * act) and every write to {@code _Role} (a permission change) are audited: who, what, which object and which
     * fields — never the values.
     */
    private void auditWrite(String action, Caller caller, String className, String objectId, Set<String> fields) {
        auditedWrite(action, caller, className, objectId, fields).ifPresent(write -> writeAudit.written(List.of(write)));
    }

    /** The audit entry a write needs, if it needs one. */
    private Optional<AuditedWrite> auditedWrite(String action, Caller caller, String className, String objectId,
                                                Set<String> fields) {
        boolean clientMaster = caller.isMaster() && RequestInfo.current().isPresent();
        if (writeAudit == null || SERVER_RECORDS.contains(className)
                || !(clientMaster || className.equals(SystemClasses.ROLE))) {
            return Optional.empty();
        }
        return Optional.of(new AuditedWrite(action, caller, className, objectId, fields));
    }

    /** Where the write path reports personal data it found: names of fields and entities, never the data. */
    @FunctionalInterface
    public interface PiiDetections {
        void detected(Caller caller, String className, String objectId, Map<String, Set<Entity>> found);
    }

    /**
     * Applies the class's PII policies to a write (after beforeSave, before anything is stored, announced or echoed);
     * a value the trigger set is echoed as scrubbed.
     */
    private Map<String, Set<Entity>> scrub(ClassSchema schema, Map<String, FieldOp> ops, ObjectNode triggerChanges) {
        if (privacy == null) {
            return Map.of();
        }
        Map<String, Set<Entity>> found = privacy.scrub(schema, ops);
        triggerChanges.properties().forEach(e -> {
            if (ops.get(e.getKey()) instanceof FieldOp.Set set) {
                e.setValue(set.value());
            }
        });
        return found;
    }

    private void announcePii(Caller caller, String className, String objectId, Map<String, Set<Entity>> found) {
        if (!found.isEmpty() && piiDetections != null) {
            piiDetections.detected(caller, className, objectId, found);
        }
    }

    /** Encrypted fields as this caller may see them. */
    public void reveal(ClassSchema schema, Caller caller, ObjectNode object) {
        if (privacy != null) {
            privacy.reveal(schema, caller, object);
        }
    }

    public DataService withTriggers(Triggers cloudTriggers) {
        this.triggers = cloudTriggers;
        return this;
    }

    /** Where committed writes are announced (live queries); called while wiring. */
    public DataService withChangeListener(ChangeListener listener) {
        this.changes = listener;
        return this;
    }

    /** Plugs in a system class's rules; called while wiring, before requests arrive. */
    public DataService withRules(String className, ClassRules classRules) {
        rules.put(className, classRules);
        return this;
    }

    private ClassRules rulesFor(String className) {
        return rules.getOrDefault(className, ClassRules.NONE);
    }

    public StorageAdapter storage() {
        return storage;
    }

    public SchemaCache schemas() {
        return schemas;
    }

    /** The result of a create: Parse's 201 body. */
    public record Created(String objectId, String createdAt, ObjectNode body) {
    }

    public Created create(Caller caller, String className, JsonNode json) {
        return create(caller, className, json, null);
    }

    /** A create that knows the client's installation id (sign-up binds the new session to it). */
    public Created create(Caller caller, String className, JsonNode json, String installationId) {
        PendingCreate pending = prepareCreate(caller, className, json, installationId);
        inserts.computeIfAbsent(className, c -> new GroupWriter<>(this::insertGroup)).submit(List.of(pending));
        return finishCreate(pending, null);
    }

    /**
     * Stores creates of one class together (a batch, or creates that overlapped, see {@link GroupWriter}): those
     * prepared against the same schema in one insert command, each keeping its own error.
     */
    private List<RuntimeException> insertGroup(List<PendingCreate> group) {
        RuntimeException[] errors = new RuntimeException[group.size()];
        Map<ClassSchema, List<Integer>> bySchema = new LinkedHashMap<>();
        for (int i = 0; i < group.size(); i++) {
            bySchema.computeIfAbsent(group.get(i).schema(), schema -> new ArrayList<>()).add(i);
        }
        bySchema.forEach((schema, indexes) -> {
            List<RuntimeException> failed = storage.insertAll(schema,
                    indexes.stream().map(i -> group.get(i).object()).toList());
            for (int k = 0; k < indexes.size(); k++) {
                errors[indexes.get(k)] = failed.get(k);
            }
        });
        return Arrays.asList(errors);
    }

    /** One create of {@link #createAll}: what it returned, or what it failed with. */
    public record CreateResult(Created created, RuntimeException error) {
    }

    /**
     * Creates several objects of one class (a batch of creates): each is checked and prepared on its own, as
     * {@link #create} does, the valid ones are stored with one unordered insert, and each gets its own result or
     * error, in the order given. One store command instead of one per object.
     */
    public List<CreateResult> createAll(Caller caller, String className, List<? extends JsonNode> bodies) {
        List<PendingCreate> pending = new ArrayList<>();
        RuntimeException[] errors = new RuntimeException[bodies.size()];
        PendingCreate[] byIndex = new PendingCreate[bodies.size()];
        for (int i = 0; i < bodies.size(); i++) {
            try {
                byIndex[i] = prepareCreate(caller, className, bodies.get(i), null);
                pending.add(byIndex[i]);
            } catch (RuntimeException e) {
                errors[i] = e;
            }
        }
        if (!pending.isEmpty()) {
            List<RuntimeException> insertErrors = insertGroup(pending);
            for (int i = 0, p = 0; i < byIndex.length; i++) {
                if (byIndex[i] != null && insertErrors.get(p++) != null) {
                    errors[i] = insertErrors.get(p - 1);
                    byIndex[i] = null;
                }
            }
        }
        List<CreateResult> results = new ArrayList<>(bodies.size());
        List<AuditedWrite> audited = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            results.add(byIndex[i] == null ? new CreateResult(null, errors[i])
                    : new CreateResult(finishCreate(byIndex[i], audited), null));
        }
        if (!audited.isEmpty()) {
            writeAudit.written(audited); // one group for the whole batch
        }
        return results;
    }

    /** A create checked, through its beforeSave trigger and scrubbed, with the object to store; nothing stored yet. */
    private record PendingCreate(Caller caller, String className, ClassSchema schema, ClassRules classRules,
                                 ClassRules.Write write, ObjectNode triggerChanges, Map<String, Set<Entity>> piiFound,
                                 Map<String, FieldOp> ops, ObjectNode object, String now) {
    }

    private PendingCreate prepareCreate(Caller caller, String className, JsonNode json, String installationId) {
        requireWritable(caller, "create");
        checkClassAccess(caller, className);
        ObjectBody body = ObjectBody.parse(json, false);
        ClassSchema schema = enforcer.ensureClass(caller, className);
        List<String> ownerFields = ClassPermissions.require(schema.classLevelPermissions(), className, "create", caller);
        requirePointsAtCaller(caller, className, ownerFields, body.ops());
        String objectId = ObjectIds.next();
        ClassRules classRules = rulesFor(className);
        ClassRules.Write write = new ClassRules.Write(caller, className, objectId, new LinkedHashMap<>(body.ops()),
                body.acl(), Json.object(), null).withInstallationId(installationId);
        classRules.beforeCreate(write);
        ObjectNode triggerChanges = beforeSave(caller, className, null, write);
        Map<String, Set<Entity>> piiFound = scrub(schema, write.ops(), triggerChanges);
        Map<String, FieldOp> ops = enforcer.withDefaults(schema, write.ops());
        schema = enforcer.ensureFields(caller, schema, ops);
        String now = Json.iso(Instant.now());
        ObjectNode object = Json.object().put("objectId", objectId).put("createdAt", now).put("updatedAt", now);
        if (write.acl() != null) {
            object.set("ACL", write.acl());
        }
        ops.forEach((field, op) -> initialValue(op).ifPresent(v -> object.set(field, v)));
        object.setAll(write.internal());
        return new PendingCreate(caller, className, schema, classRules, write, triggerChanges, piiFound, ops, object,
                now);
    }

    /**
     * What follows a create's insert: relations, live queries, the response, audit and afterSave. With
     * {@code audited} the audit entry is added there for the caller to write, else it is written now.
     */
    private Created finishCreate(PendingCreate pending, List<AuditedWrite> audited) {
        Caller caller = pending.caller();
        String className = pending.className();
        ObjectNode object = pending.object();
        String objectId = object.get("objectId").asText();
        announcePii(caller, className, objectId, pending.piiFound());
        writeRelations(className, objectId, pending.ops());
        if (changes.interestedIn(className)) {
            changes.onChange(new ObjectChanged(className, null, object));
        }
        ObjectNode response = Json.object().put("objectId", objectId).put("createdAt", pending.now());
        pending.ops().forEach((field, op) -> {
            if (!pending.write().ops().containsKey(field)) {
                response.set(field, object.get(field)); // Parse echoes the defaults it filled in
            }
        });
        echoChanges(response, pending.triggerChanges());
        pending.classRules().afterCreate(pending.write(), response);
        if (audited == null) {
            auditWrite("create", caller, className, objectId, pending.ops().keySet());
        } else {
            auditedWrite("create", caller, className, objectId, pending.ops().keySet()).ifPresent(audited::add);
        }
        afterTrigger("afterSave", caller, className, object, null);
        return new Created(objectId, pending.now(), response);
    }

    private static Optional<JsonNode> initialValue(FieldOp op) {
        return switch (op) {
            case FieldOp.Set s -> Optional.of(s.value());
            case FieldOp.Delete d -> Optional.empty();
            case FieldOp.Increment i -> Optional.of(i.amount());
            case FieldOp.Add a -> Optional.of(array(a.objects()));
            case FieldOp.AddUnique a -> Optional.of(array(new ArrayList<>(new LinkedHashSet<>(a.objects()))));
            case FieldOp.Remove r -> Optional.of(Json.array());
            case FieldOp.Relation r -> Optional.empty();
        };
    }

    private static ArrayNode array(List<JsonNode> items) {
        ArrayNode array = Json.array();
        items.forEach(array::add);
        return array;
    }

    public ObjectNode update(Caller caller, String className, String objectId, JsonNode json) {
        requireWritable(caller, "update");
        checkClassAccess(caller, className);
        ObjectBody body = ObjectBody.parse(json, false);
        Target target = target(caller, className, objectId, "update");
        ClassSchema schema = target.schema();
        ClassRules classRules = target.rules();
        boolean announce = target.announce();
        ObjectNode original = target.original();
        ClassRules.Write write = new ClassRules.Write(caller, className, objectId, new LinkedHashMap<>(body.ops()),
                body.acl(), Json.object(), original);
        classRules.beforeUpdate(write);
        // triggers see the object as it was; it is only loaded for them when nothing else needed it
        ObjectNode before = original == null && (triggers.has("beforeSave", className)
                || triggers.has("afterSave", className)) ? loadAsMaster(schema, objectId) : original;
        requireWritableObject(caller, before);
        ObjectNode triggerChanges = triggers.has("beforeSave", className)
                ? beforeSave(caller, className, before, write)
                : Json.object();
        announcePii(caller, className, objectId, scrub(schema, write.ops(), triggerChanges));
        schema = enforcer.ensureFields(caller, schema, write.ops());
        Map<String, FieldOp> ops = new LinkedHashMap<>(write.ops());
        write.internal().properties().forEach(e -> ops.put(e.getKey(), new FieldOp.Set(e.getValue())));
        String now = Json.iso(Instant.now());
        ObjectNode after = storage.update(schema, objectId, writeAcl(caller, classRules), ops, write.acl(), now)
                .orElseThrow(ParseException::notFound);
        writeRelations(className, objectId, ops);
        if (announce) {
            changes.onChange(new ObjectChanged(className, original, after));
        }
        ObjectNode response = Json.object().put("updatedAt", now);
        write.ops().forEach((field, op) -> {
            if (op.echoesResult()) {
                response.set(field, after.path(field).isMissingNode() ? Json.array() : after.get(field));
            }
        });
        echoChanges(response, triggerChanges);
        classRules.afterUpdate(write, response);
        auditWrite("update", caller, className, objectId, write.ops().keySet());
        afterTrigger("afterSave", caller, className, after, before);
        return response;
    }

    public void delete(Caller caller, String className, String objectId) {
        requireWritable(caller, "delete");
        checkClassAccess(caller, className);
        Target target = target(caller, className, objectId, "delete");
        ClassSchema schema = target.schema();
        ClassRules classRules = target.rules();
        boolean announce = target.announce();
        ObjectNode original = target.original();
        if (original == null && (triggers.has("beforeDelete", className) || triggers.has("afterDelete", className))) {
            original = loadAsMaster(schema, objectId);
        }
        if (original != null) {
            classRules.beforeDelete(caller, original);
        }
        requireWritableObject(caller, original);
        if (triggers.has("beforeDelete", className)) {
            triggers.run("beforeDelete", className, triggerRequest(caller, original, null));
        }
        if (!storage.delete(schema, objectId, writeAcl(caller, classRules))) {
            throw ParseException.notFound();
        }
        if (announce) {
            changes.onChange(new ObjectChanged(className, original, null));
        }
        afterTrigger("afterDelete", caller, className, original, null);
        if (original != null) {
            classRules.afterDelete(caller, original);
        }
        auditWrite("delete", caller, className, objectId, Set.of());
    }

    /**
     * Runs a beforeSave trigger on the object as it will be (stored fields plus the values being set) and folds
     * what it changed back into the write. Returns those changes, which Parse echoes in the response.
     */
    private ObjectNode beforeSave(Caller caller, String className, ObjectNode stored, ClassRules.Write write) {
        if (!triggers.has("beforeSave", className)) {
            return Json.object();
        }
        Map<String, FieldOp> ops = write.ops();
        ObjectNode object = stored == null ? Json.object() : stored.deepCopy();
        if (write.acl() != null) {
            object.set("ACL", write.acl());
        }
        ops.forEach((field, op) -> {
            if (op instanceof FieldOp.Set set) {
                object.set(field, set.value());
            } else if (op instanceof FieldOp.Delete) {
                object.remove(field);
            }
        });
        ObjectNode request = triggerRequest(caller, object, stored);
        ArrayNode dirty = request.putArray("__dirtyKeys"); // what this write changes, for object.dirty()
        ops.keySet().forEach(dirty::add);
        if (write.acl() != null) {
            dirty.add("ACL");
        }
        JsonNode answer = triggers.run("beforeSave", className, request).path("changes");
        ObjectNode changes = answer instanceof ObjectNode set ? set : Json.object();
        ObjectNode applied = Json.object();
        changes.properties().forEach(e -> {
            String field = e.getKey();
            if (field.equals("ACL") && e.getValue().isObject()) {
                write.acl(AclJson.validate(e.getValue())); // a trigger may set the ACL, checked as a client's is
                applied.set(field, e.getValue());
                return;
            }
            if (Names.DEFAULT_FIELDS.contains(field) || field.startsWith("_")) {
                return; // a trigger cannot forge objectId, timestamps or internal fields
            }
            JsonNode value = e.getValue();
            ops.put(field, value.isObject() && "Delete".equals(value.path("__op").asText())
                    ? new FieldOp.Delete() : new FieldOp.Set(value));
            applied.set(field, value);
        });
        return applied;
    }

    private ObjectNode triggerRequest(Caller caller, ObjectNode object, ObjectNode original) {
        ObjectNode request = cloudRequest(caller);
        request.set("object", object == null ? Json.object() : object.deepCopy());
        if (original != null) {
            request.set("original", original.deepCopy());
        }
        return request;
    }

    /**
     * What every cloud-code request says of its caller: {@code master}, {@code user} (the user's own view of their
     * {@code _User}, no secrets) and {@code __roles}, the role names validators check (the prelude hides it again).
     */
    public ObjectNode cloudRequest(Caller caller) {
        ObjectNode request = Json.object();
        request.put("master", caller.isMaster());
        RequestInfo.current().ifPresent(info -> info.describe(request));
        ArrayNode roles = request.putArray("__roles");
        if (caller instanceof Caller.User user) {
            List<ObjectNode> found = storage.find(new StorageQuery(schemas.schemaOrEmpty(SystemClasses.USER),
                    byId(user.userId()), null, List.of(), 0, 1, null));
            ObjectNode self = found.isEmpty() ? Json.object().put("objectId", user.userId()) : found.getFirst();
            AccessPolicy.redact(schemas.schemaOrEmpty(SystemClasses.USER), user, self);
            self.put("sessionToken", user.sessionToken()); // request.user.getSessionToken(), as in Parse
            request.set("user", self);
            user.roles().stream().sorted().forEach(roles::add);
        } else {
            request.putNull("user");
        }
        return request;
    }

    private static void echoChanges(ObjectNode response, ObjectNode changes) {
        changes.properties().forEach(e -> {
            if (!e.getValue().isObject() || !"Delete".equals(e.getValue().path("__op").asText())) {
                response.set(e.getKey(), e.getValue());
            }
        });
    }

    /**
     * Runs a before-trigger that is not a save or delete (beforeLogin): the caller sees its error, and the operation
     * does not happen.
     */
    public void beforeTrigger(String type, Caller caller, String className, ObjectNode object) {
        if (triggers.has(type, className)) {
            triggers.run(type, className, triggerRequest(caller, asTriggersSeeIt(className, object), null));
        }
    }

    /** Runs an after-trigger that is not a save or delete (afterLogin, afterLogout); failures are only logged. */
    public void afterEvent(String type, Caller caller, String className, ObjectNode object) {
        afterTrigger(type, caller, className, object, null);
    }

    /** A copy of a stored object as triggers see it: as the master key would, encrypted fields decrypted. */
    private ObjectNode asTriggersSeeIt(String className, ObjectNode object) {
        ClassSchema schema = schemas.schemaOrEmpty(className);
        ObjectNode visible = object.deepCopy();
        AccessPolicy.redact(schema, Caller.MASTER, visible);
        reveal(schema, Caller.MASTER, visible);
        return visible;
    }

    /** After-triggers run once the write is committed; their failures are logged, never returned (as in Parse). */
    private void afterTrigger(String type, Caller caller, String className, ObjectNode object, ObjectNode original) {
        if (!triggers.has(type, className) || object == null) {
            return;
        }
        try {
            triggers.run(type, className, triggerRequest(caller, asTriggersSeeIt(className, object), original));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, type + " trigger of " + className + " failed: " + e.getMessage());
        }
    }

    /** The object an update or delete acts on, after the class-level checks that come before it. */
    private record Target(ClassSchema schema, ClassRules rules, ObjectNode original, boolean announce) {
    }

    private Target target(Caller caller, String className, String objectId, String operation) {
        // volatile system classes (_JobStatus, ...) have no stored schema but can hold objects
        ClassSchema schema = schemas.find(className).or(() -> SystemClasses.VOLATILE.contains(className)
                ? Optional.of(ClassSchema.empty(className)) : Optional.empty()).orElseThrow(ParseException::notFound);
        List<String> ownerFields = ClassPermissions.require(schema.classLevelPermissions(), className, operation,
                caller);
        ClassRules classRules = rulesFor(className);
        requireOwnership(caller, schema, classRules, objectId, ownerFields);
        boolean announce = changes.interestedIn(className);
        ObjectNode original = classRules.needsOriginal() || announce ? loadAsMaster(schema, objectId) : null;
        return new Target(schema, classRules, original, announce);
    }

    /**
     * Applies what ACLs alone do not cover to a write: a class's access restriction (e.g. own sessions only) and
     * pointer permissions (the object must point at the caller).
     */
    private void requireOwnership(Caller caller, ClassSchema schema, ClassRules classRules, String objectId,
                                  List<String> ownerFields) {
        Predicate restriction = combine(caller.isMaster() ? null : classRules.restrictAccess(caller),
                ownedBy(caller, ownerFields));
        if (restriction != null && storage.count(new StorageQuery(schema, new Predicate.And(List.of(byId(objectId),
                restriction)), null, List.of(), 0, 0, null)) == 0) {
            throw ParseException.notFound();
        }
    }

    /** Objects one of whose {@code fields} points at the caller (a pointer, or an array holding the pointer). */
    private static Predicate ownedBy(Caller caller, List<String> fields) {
        if (fields.isEmpty() || !(caller instanceof Caller.User user)) {
            return null;
        }
        ObjectNode me = Json.object().put("__type", "Pointer").put("className", SystemClasses.USER)
                .put("objectId", user.userId());
        List<Predicate> any = new ArrayList<>();
        fields.forEach(f -> any.add(new Predicate.Field(f, new Constraint.Compare(Constraint.Comparison.EQ, me))));
        return any.size() == 1 ? any.getFirst() : new Predicate.Or(any);
    }

    private static Predicate combine(Predicate a, Predicate b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : new Predicate.And(List.of(a, b));
    }

    private static void requirePointsAtCaller(Caller caller, String className, List<String> fields,
                                              Map<String, FieldOp> ops) {
        if (fields.isEmpty()) {
            return;
        }
        String me = ((Caller.User) caller).userId();
        for (String field : fields) {
            if (ops.get(field) instanceof FieldOp.Set s && AccessPolicy.pointsAt(s.value(), me)) {
                return;
            }
        }
        throw ParseException.forbidden("Permission denied for action create on class " + className + ".");
    }

    private ObjectNode loadAsMaster(ClassSchema schema, String objectId) {
        List<ObjectNode> found = storage.find(new StorageQuery(schema, byId(objectId), null, List.of(), 0, 1, null));
        if (found.isEmpty()) {
            throw ParseException.notFound();
        }
        return found.getFirst();
    }

    private static Predicate byId(String objectId) {
        return Predicate.equalTo("objectId", objectId);
    }

    public ObjectNode get(Caller caller, String className, String objectId, JsonNode params) {
        checkClassAccess(caller, className);
        Predicate where = byId(objectId);
        if (triggers.has("beforeFind", className)) {
            ObjectNode asFind = params.deepCopy();
            asFind.set("where", Json.object().put("objectId", objectId));
            JsonNode changed = beforeFind(caller, className, asFind, true);
            // the trigger may narrow a get, never turn it into another object's get
            where = new Predicate.And(List.of(where,
                    new WhereParser(settings.queryLimits(), caller.isMaster()).parse(changed.get("where"))));
            ObjectNode getParams = Json.object();
            for (String key : List.of("keys", "include", "excludeKeys")) {
                if (changed.hasNonNull(key)) {
                    getParams.set(key, changed.get(key));
                }
            }
            params = getParams;
        }
        FindOptions options = FindOptions.forGet(params);
        ClassSchema schema = readableSchema(caller, className).orElseThrow(ParseException::notFound);
        List<ObjectNode> found = run(caller, schema, where, options, "get");
        if (found.isEmpty()) {
            throw ParseException.notFound();
        }
        if (triggers.has("afterFind", className)) {
            ObjectNode query = Json.object();
            query.set("where", Json.object().put("objectId", objectId));
            ArrayNode results = afterFind(caller, className, (ArrayNode) Json.array().add(found.getFirst()), query);
            if (results.isEmpty() || !(results.get(0) instanceof ObjectNode first)) {
                throw ParseException.notFound();
            }
            return first;
        }
        return found.getFirst();
    }

    private static final List<String> QUERY_PARAMS = List.of("where", "limit", "skip", "order", "keys", "excludeKeys",
            "include", "count");

    /**
     * The beforeFind trigger's say on a query: it sees the query in REST form ({@code where}, {@code limit}, ...) and
     * answers the one to run, which then goes through the same checks as the caller's own.
     */
    private JsonNode beforeFind(Caller caller, String className, JsonNode params, boolean isGet) {
        if (!triggers.has("beforeFind", className)) {
            return params;
        }
        ObjectNode query = Json.object();
        for (String key : QUERY_PARAMS) {
            JsonNode value = params.get(key);
            if (value == null || value.isNull()) {
                continue;
            }
            if (key.equals("where") && value.isTextual()) {
                value = Json.parse(value.asText());
            } else if ((key.equals("limit") || key.equals("skip")) && value.isTextual()) {
                value = Json.mapper().getNodeFactory().numberNode(FindOptions.integerParam(key, value));
            }
            query.set(key, value);
        }
        ObjectNode request = cloudRequest(caller);
        request.set("query", query);
        request.put("isGet", isGet);
        request.put("count", query.path("count").asBoolean(false) || query.path("count").asInt(0) == 1);
        JsonNode answered = triggers.run("beforeFind", className, request).path("query");
        ObjectNode next = params.deepCopy();
        QUERY_PARAMS.forEach(next::remove);
        for (String key : QUERY_PARAMS) {
            if (answered.hasNonNull(key)) {
                next.set(key, answered.get(key));
            }
        }
        return next;
    }

    /** The afterFind trigger's say on what a query returns (results are already filtered for the caller). */
    private ArrayNode afterFind(Caller caller, String className, ArrayNode results, JsonNode params) {
        if (!triggers.has("afterFind", className)) {
            return results;
        }
        ObjectNode request = triggerRequest(caller, null, null);
        request.remove("object");
        ObjectNode query = Json.object(); // request.query, as the query was run
        for (String key : QUERY_PARAMS) {
            if (params.hasNonNull(key)) {
                query.set(key, key.equals("where") && params.get(key).isTextual() ? Json.parse(params.get(key).asText())
                        : params.get(key));
            }
        }
        request.set("query", query);
        request.set("objects", results);
        JsonNode objects = triggers.run("afterFind", className, request).path("objects");
        ArrayNode answered = Json.array();
        objects.forEach(o -> {
            if (o.isObject()) {
                answered.add(o);
            }
        });
        return answered;
    }

    public ObjectNode find(Caller caller, String className, JsonNode requested) {
        checkClassAccess(caller, className);
        JsonNode params = beforeFind(caller, className, requested, false);
        String redirectKey = params.path("redirectClassNameForKey").asText(null);
        FindOptions options = FindOptions.forFind(params, settings.maxLimit());
        if (options.explain() && !caller.isMaster()) {
            throw ParseException.forbidden("explain requires the master key");
        }
        Predicate where = new WhereParser(settings.queryLimits(), caller.isMaster()).parse(params.get("where"));
        ObjectNode response = Json.object();
        Optional<ClassSchema> schema = readableSchema(caller, className);
        if (schema.isPresent() && redirectKey != null) {
            // relation.query() asks on the owner's class; answer from the relation's target class instead
            FieldType type = schema.get().field(redirectKey).orElse(null);
            if (type != null && type.isRelation()) {
                className = type.targetClass();
                response.put("className", className);
                schema = readableSchema(caller, className);
            }
        }
        if (schema.isEmpty()) {
            response.set("results", Json.array());
            if (options.count()) {
                response.put("count", 0);
            }
            return response;
        }
        // a where on objectId alone is a get, for class-level permissions as in Parse
        String op = options.count() ? "count" : isGet(where) ? "get" : "find";
        if (!op.equals("get") && !caller.isMaster() && !rulesFor(className).clientsMayList()) {
            throw ParseException.forbidden("Clients aren't allowed to perform the find operation on the "
                    + className + " collection.");
        }
        List<String> ownerFields = ClassPermissions.require(schema.get().classLevelPermissions(), className, op, caller);
        guard.check(caller, schema.get(), where, options.order());
        Predicate resolved = restrict(caller, className, resolver.resolve(caller, schema.get(), where), ownerFields);
        if (options.explain()) {
            return (ObjectNode) Json.object().set("results", storage.explain(new StorageQuery(schema.get(), resolved,
                    readAcl(caller), options.order(), options.skip(), options.limit(), options.hint())));
        }
        ArrayNode results = Json.array();
        if (options.limit() > 0 || !options.count()) {
            fetch(caller, schema.get(), resolved, options).forEach(results::add);
        }
        response.set("results", afterFind(caller, className, results, params));
        if (options.count()) {
            response.put("count", storage.count(new StorageQuery(schema.get(), resolved, readAcl(caller), List.of(),
                    0, 0, null)));
        }
        return response;
    }

    private static boolean isGet(Predicate where) {
        return where instanceof Predicate.Field f && f.path().equals("objectId")
                && f.constraint() instanceof Constraint.Compare c && c.op() == Constraint.Comparison.EQ
                && c.value().isTextual();
    }

    /**
     * The class's schema for a read. A class that does not exist is an empty result, except for clients when
     * client class creation is off: then Parse refuses the query as it refuses the write.
     */
    private Optional<ClassSchema> readableSchema(Caller caller, String className) {
        Optional<ClassSchema> schema = schemas.find(className);
        if (schema.isEmpty() && SystemClasses.isSystemClass(className)) {
            return Optional.of(ClassSchema.empty(className));
        }
        if (schema.isEmpty() && !caller.isMaster() && !settings.allowClientClassCreation()) {
            throw ParseException.forbidden("This user is not allowed to access non-existent class: " + className);
        }
        return schema;
    }

    /** Finds with an already parsed where (subqueries, includes): same permission checks as a REST find. */
    List<ObjectNode> findResolved(Caller caller, String className, Predicate where, FindOptions options) {
        checkClassAccess(caller, className);
        Optional<ClassSchema> schema = schemas.find(className);
        if (schema.isEmpty()) {
            return List.of();
        }
        return run(caller, schema.get(), where, options, "find");
    }

    private List<ObjectNode> run(Caller caller, ClassSchema schema, Predicate where, FindOptions options, String op) {
        List<String> ownerFields = ClassPermissions.require(schema.classLevelPermissions(), schema.className(), op,
                caller);
        Predicate resolved = restrict(caller, schema.className(), resolver.resolve(caller, schema, where), ownerFields);
        return fetch(caller, schema, resolved, options);
    }

    private Predicate restrict(Caller caller, String className, Predicate where, List<String> ownerFields) {
        if (caller.isMaster()) {
            return where;
        }
        Predicate extra = combine(rulesFor(className).restrictAccess(caller), ownedBy(caller, ownerFields));
        return extra == null ? where : new Predicate.And(List.of(where, extra));
    }

    private List<ObjectNode> fetch(Caller caller, ClassSchema schema, Predicate where, FindOptions options) {
        List<ObjectNode> objects = storage.find(new StorageQuery(schema, where, readAcl(caller), options.order(),
                options.skip(), options.limit(), options.hint()));
        objects.forEach(o -> {
            AccessPolicy.redact(schema, caller, o);
            reveal(schema, caller, o);
        });
        List<String> includePaths = new ArrayList<>(options.include());
        if (options.keys() != null) {
            for (String key : options.keys()) {
                int lastDot = key.lastIndexOf('.');
                if (lastDot > 0 && !includePaths.contains(key.substring(0, lastDot))) {
                    includePaths.add(key.substring(0, lastDot));
                }
            }
        }
        if (!includePaths.isEmpty() || options.includeAll()) {
            includes.resolve(caller, objects, includes.tree(includePaths), options.includeAll());
        }
        if (options.keys() != null || !options.excludeKeys().isEmpty()) {
            objects.forEach(o -> Projection.apply(o, options.keys(), options.excludeKeys()));
        }
        return objects;
    }

    private static List<String> readAcl(Caller caller) {
        return caller.isMaster() ? null : caller.aclEntries();
    }

    private static List<String> writeAcl(Caller caller, ClassRules classRules) {
        return caller.isMaster() ? null : caller.aclEntries();
    }

    /**
     * Before a trigger sees an object it was loaded for: a caller whose ACL does not allow the write gets the 101 the
     * write would give, and the trigger never runs for it (its side effects would leak the object).
     */
    private static void requireWritableObject(Caller caller, ObjectNode stored) {
        if (stored != null && !caller.isMaster() && !AccessPolicy.canWrite(caller, stored.get("ACL"))) {
            throw ParseException.notFound();
        }
    }

    private static void requireWritable(Caller caller, String operation) {
        if (!caller.mayWrite()) {
            throw ParseException.forbidden("read-only masterKey isn't allowed to perform the " + operation
                    + " operation.");
        }
    }

    /** Class name rules and the master-only system classes. */
    private static void checkClassAccess(Caller caller, String className) {
        Names.requireValidClassName(className);
        if (!caller.isMaster() && SystemClasses.isMasterOnly(className)) {
            throw ParseException.forbidden("Clients aren't allowed to perform this operation on the " + className
                    + " collection.");
        }
    }

    private void writeRelations(String className, String objectId, Map<String, FieldOp> ops) {
        ops.forEach((field, op) -> {
            if (op instanceof FieldOp.Relation r) {
                r.addIds().forEach(id -> storage.addRelation(field, className, objectId, id));
                r.removeIds().forEach(id -> storage.removeRelation(field, className, objectId, id));
            }
        });
    }
}
