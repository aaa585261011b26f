package io.heliobase.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.server.audit.AuditLog;
import io.heliobase.server.data.DataService;
import io.heliobase.server.files.FileStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Per-user export (GDPR Art. 15/20): a zip of everything that belongs to the user — their {@code _User} row without
 * secrets, every object whose pointer fields point at them or whose ACL names them (one JSON file per class),
 * their sessions without tokens, audit entries about what they did, and the files those objects reference. It runs
 * in the background as a {@code _PrivacyRequest} the user follows through a live query; the archive is kept in its
 * own GridFS bucket (never reachable through /files) and downloaded by the user or the master key.
 */
public final class PrivacyExports implements AutoCloseable {
    private final DataService data;
    private final UserData userData;
    private final FileStore files;
    private final FileStore archives;
    private final AuditLog audit;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();

    public PrivacyExports(DataService data, MongoDatabase db, AuditLog audit) {
        this.data = data;
        this.userData = new UserData(data.storage());
        this.files = new FileStore(db);
        this.archives = new FileStore(db, "privacyExports");
        this.audit = audit;
    }

    /** Starts an export of {@code userId}'s data (the caller's own, or anyone's with the master key). */
    public ObjectNode start(Caller caller, String userId) {
        PrivacyRequests.requireSelfOrMaster(caller, userId);
        String id = PrivacyRequests.open(data, "export", userId);
        audit.record(caller, "privacy.export.requested", Json.object().put("targetClass", SystemClasses.USER)
                .put("targetId", userId));
        runs.submit(() -> run(caller, id, userId));
        return data.get(Caller.MASTER, SystemClasses.PRIVACY_REQUEST, id, Json.object());
    }

    private void run(Caller caller, String requestId, String userId) {
        try {
            ObjectNode counts = Json.object();
            try (java.io.OutputStream upload = archives.openUpload(requestId + ".zip");
                 ZipOutputStream zip = new ZipOutputStream(upload)) {
                Set<String> fileNames = new LinkedHashSet<>();
                List<ObjectNode> user = data.storage().find(new StorageQuery(data.schemas().schemaOrEmpty(
                        SystemClasses.USER), Predicate.equalTo("objectId", userId), null, List.of(), 0, 1, null));
                if (user.isEmpty()) {
                    throw new ParseException(io.heliobase.core.error.ParseErrorCode.OBJECT_NOT_FOUND, "No such user.");
                }
                write(zip, "_User.json", Json.array().add(UserData.publicUser(user.getFirst())));
                counts.put(SystemClasses.USER, 1);
                List<String> classes = UserData.classes(data.schemas());
                int done = 0;
                for (String className : classes) {
                    ClassSchema schema = data.schemas().schemaOrEmpty(className);
                    ArrayNode objects = Json.array();
                    userData.forEachBelonging(schema, userId, object -> {
                        ObjectNode visible = UserData.withoutInternals(object);
                        data.reveal(schema, Caller.MASTER, visible); // the user's own data, decrypted for them
                        UserData.collectFiles(visible, fileNames);
                        objects.add(visible);
                    });
                    if (!objects.isEmpty()) {
                        write(zip, className + ".json", objects);
                        counts.put(className, objects.size());
                    }
                    done++;
                    PrivacyRequests.progress(data, requestId, 5 + 85 * done / Math.max(1, classes.size()));
                }
                for (String name : fileNames) {
                    Optional<FileStore.StoredFile> file = files.read(name);
                    if (file.isPresent()) {
                        zip.putNextEntry(new ZipEntry("files/" + name));
                        zip.write(file.get().bytes());
                        zip.closeEntry();
                    }
                }
                counts.put("files", fileNames.size());
                ObjectNode manifest = Json.object().put("user", userId).put("exportedAt", Json.iso(Instant.now()))
                        .put("format", "one JSON array per class, as the REST API shows objects; files/ holds files");
                manifest.set("counts", counts);
                write(zip, "manifest.json", manifest);
                zip.finish();
            }
            long size = archives.length(requestId + ".zip").orElse(0L);
            PrivacyRequests.finish(data, requestId, "succeeded", "export ready", counts, size);
            audit.record(caller, "privacy.export.ready", Json.object().put("targetClass", SystemClasses.USER)
                    .put("targetId", userId));
        } catch (RuntimeException | IOException e) {
            PrivacyRequests.finish(data, requestId, "failed", e.getMessage(), Json.object(), 0);
        }
    }

    /** How long a finished export can be downloaded; the retention job removes older archives. */
    public static final java.time.Duration KEPT = java.time.Duration.ofDays(7);

    /**
     * Removes archives of exports finished more than {@link #KEPT} ago and marks them {@code expired}; answers how
     * many. Run by the retention job.
     */
    public int expire() {
        ObjectNode where = Json.object().put("kind", "export").put("status", "succeeded");
        where.set("finishedAt", Json.object().set("$lt", Json.date(Instant.now().minus(KEPT))));
        int expired = 0;
        for (JsonNode request : data.find(Caller.MASTER, SystemClasses.PRIVACY_REQUEST, Json.object()
                .put("limit", 1000).set("where", where)).path("results")) {
            String id = request.path("objectId").asText();
            archives.delete(id + ".zip");
            data.update(Caller.MASTER, SystemClasses.PRIVACY_REQUEST, id, Json.object().put("status", "expired"));
            expired++;
        }
        return expired;
    }

    /** The archive of a finished export, for its user or the master key. */
    public byte[] download(Caller caller, String requestId) {
        ObjectNode request;
        try {
            request = data.get(Caller.MASTER, SystemClasses.PRIVACY_REQUEST, requestId, Json.object());
        } catch (ParseException e) {
            throw ParseException.notFound();
        }
        String userId = request.path("user").path("objectId").asText();
        if (!caller.isMaster() && !(caller instanceof Caller.User user && user.userId().equals(userId))) {
            throw ParseException.notFound();
        }
        if (!"export".equals(request.path("kind").asText()) || !"succeeded".equals(request.path("status").asText())) {
            throw ParseException.notFound();
        }
        return archives.read(requestId + ".zip").orElseThrow(ParseException::notFound).bytes();
    }

    private static void write(ZipOutputStream zip, String name, JsonNode json) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json)
                .getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }


    @Override
    public void close() {
        runs.shutdownNow();
    }
}
