package io.heliobase.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.audit.AuditLog;
import io.heliobase.server.data.DataService;
import io.heliobase.server.files.FileStore;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Per-user erasure (GDPR Art. 17): every class's objects that belong to the user are deleted, anonymized or kept
 * with the user taken out, as the class's {@link ForgetRule} says; files of deleted objects are removed, sessions
 * revoked, the {@code _User} row deleted. Each step only looks at what still belongs to the user, so an interrupted
 * run is finished by running it again, and a run for a forgotten user changes nothing. The trace left behind is a
 * {@code privacy.forgot} audit entry holding a keyed hash of the user id and the counts — no personal data.
 * Audit entries about what the user did are kept (append-only): they name the user by id only.
 */
public final class PrivacyErasure implements AutoCloseable {
    private final DataService data;
    private final UserData userData;
    private final FileStore files;
    private final AuditLog audit;
    private final byte[] tombstoneKey;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();

    public PrivacyErasure(DataService data, MongoDatabase db, AuditLog audit, byte[] tombstoneKey) {
        this.data = data;
        this.userData = new UserData(data.storage());
        this.files = new FileStore(db);
        this.audit = audit;
        this.tombstoneKey = tombstoneKey.clone();
    }

    public ObjectNode start(Caller caller, String userId) {
        PrivacyRequests.requireSelfOrMaster(caller, userId);
        String id = PrivacyRequests.open(data, "forget", userId);
        runs.submit(() -> run(id, userId));
        return data.get(Caller.MASTER, SystemClasses.PRIVACY_REQUEST, id, Json.object());
    }

    private void run(String requestId, String userId) {
        try {
            ObjectNode counts = Json.object();
            List<String> classes = UserData.classes(data.schemas());
            Set<String> orphanedFiles = new LinkedHashSet<>();
            int done = 0;
            for (String className : classes) {
                if (className.equals(SystemClasses.AUDIT)) {
                    continue; // append-only; names the user by id only
                }
                ClassSchema schema = data.schemas().schemaOrEmpty(className);
                List<ObjectNode> belonging = new ArrayList<>();
                userData.forEachBelonging(schema, userId, belonging::add);
                for (ObjectNode object : belonging) {
                    String outcome = forget(schema, object, userId, orphanedFiles);
                    counts.put(className + ":" + outcome, counts.path(className + ":" + outcome).asInt() + 1);
                }
                done++;
                PrivacyRequests.progress(data, requestId, 80 * done / Math.max(1, classes.size()));
            }
            for (String name : orphanedFiles) {
                if (files.delete(name)) {
                    counts.put("files:deleted", counts.path("files:deleted").asInt() + 1);
                }
            }
            if (deleteIfPresent(SystemClasses.USER, userId)) {
                counts.put("_User:deleted", 1);
            }
            PrivacyRequests.finish(data, requestId, "succeeded", "forgotten", counts, 0);
            audit.record(Caller.MASTER, "privacy.forgot", Json.object().put("targetClass", SystemClasses.USER)
                    .put("targetId", tombstone(userId)).set("detail", counts));
        } catch (RuntimeException e) {
            PrivacyRequests.finish(data, requestId, "failed", e.getMessage() + " (run it again to finish)",
                    Json.object(), 0);
        }
    }

    /** Applies the class's rule to one object; answers "deleted", "anonymized" or "kept". */
    private String forget(ClassSchema schema, ObjectNode object, String userId, Set<String> orphanedFiles) {
        String objectId = object.path("objectId").asText();
        // without a rule: what points at the user or is private to them goes; what they share with others stays
        boolean theirs = UserData.pointsAt(schema, object, userId) || privateTo(object, userId);
        ForgetRule.Mode mode = ForgetRule.of(schema).map(ForgetRule::mode)
                .orElse(theirs ? ForgetRule.Mode.DELETE : ForgetRule.Mode.KEEP);
        if (schema.className().equals(SystemClasses.SESSION)) {
            mode = ForgetRule.Mode.DELETE; // sessions are revoked whatever a rule says
        }
        if (mode == ForgetRule.Mode.DELETE) {
            UserData.collectFiles(object, orphanedFiles);
            deleteIfPresent(schema.className(), objectId);
            return "deleted";
        }
        ObjectNode update = Json.object();
        // every pointer to the user goes, owner field or not: none may dangle towards the forgotten row
        schema.fields().forEach((field, type) -> {
            if (type.isPointer() && SystemClasses.USER.equals(type.targetClass())
                    && userId.equals(object.path(field).path("objectId").asText(null))) {
                update.set(field, Json.object().put("__op", "Delete"));
            }
        });
        if (mode == ForgetRule.Mode.ANONYMIZE) {
            ForgetRule.of(schema).orElseThrow().anonymize()
                    .forEach(field -> update.set(field, Json.object().put("__op", "Delete")));
        }
        JsonNode acl = object.get("ACL");
        if (acl instanceof ObjectNode entries && entries.has(userId)) {
            ObjectNode without = entries.deepCopy();
            without.remove(userId);
            update.set("ACL", without);
        }
        if (!update.isEmpty()) {
            data.update(Caller.MASTER, schema.className(), objectId, update);
        }
        return mode == ForgetRule.Mode.ANONYMIZE ? "anonymized" : "kept";
    }

    /** An ACL that names the user and no one else (no public access, no role, no other user). */
    private static boolean privateTo(ObjectNode object, String userId) {
        JsonNode acl = object.get("ACL");
        return acl != null && acl.size() == 1 && acl.has(userId);
    }

    private boolean deleteIfPresent(String className, String objectId) {
        try {
            data.delete(Caller.MASTER, className, objectId);
            return true;
        } catch (io.heliobase.core.error.ParseException gone) {
            return false; // already deleted by an earlier, interrupted run
        }
    }

    /** A keyed hash of the user id: proves a request was carried out without naming whom it was about. */
    private String tombstone(String userId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(tombstoneKey);
            return "forgotten:" + HexFormat.of().formatHex(digest.digest(userId.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
