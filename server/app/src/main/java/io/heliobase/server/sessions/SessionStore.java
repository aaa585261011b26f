package io.heliobase.server.sessions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.server.data.ObjectIds;
import io.heliobase.server.data.SchemaCache;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Issues and revokes sessions in {@code _Session} exactly as Parse Server stores them: {@code _session_token}
 * "r:" + 32 hex characters, {@code _p_user}, {@code createdWith}, {@code expiresAt}, {@code installationId}.
 * Tokens are stored as they are (not hashed) so that Parse Server can read Heliobase's sessions and the reverse.
 */
public final class SessionStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StorageAdapter storage;
    private final SchemaCache schemas;
    private final Duration sessionLength;
    private final SessionTokens tokens;

    public SessionStore(StorageAdapter storage, SchemaCache schemas, Duration sessionLength, SessionTokens tokens) {
        this.storage = storage;
        this.schemas = schemas;
        this.sessionLength = sessionLength;
        this.tokens = tokens;
    }

    /**
     * Creates a session for the user and returns its token. A new session for the same user and installation
     * replaces the older one, as in Parse.
     */
    public String create(String userId, String action, String authProvider, String installationId) {
        if (installationId != null) {
            deleteWhere(userId, new Predicate.Field("installationId", eq(installationId)));
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String token = "r:" + HexFormat.of().formatHex(random);
        String now = Json.iso(Instant.now());
        ObjectNode session = Json.object().put("objectId", ObjectIds.next())
                .put("createdAt", now).put("updatedAt", now).put("sessionToken", token);
        session.set("user", userPointer(userId));
        session.set("createdWith", Json.object().put("action", action).put("authProvider", authProvider));
        session.set("expiresAt", Json.object().put("__type", "Date").put("iso",
                Json.iso(Instant.now().plus(sessionLength))));
        if (installationId != null) {
            session.put("installationId", installationId);
        }
        storage.insert(schema(), session);
        return token;
    }

    /** Deletes the session with this token; false if there was none. */
    public boolean revoke(String token) {
        List<ObjectNode> found = storage.find(new StorageQuery(schema(), new Predicate.Field("sessionToken",
                eq(token)), null, List.of(), 0, 1, null));
        tokens.forget(token);
        return !found.isEmpty() && storage.delete(schema(), found.getFirst().path("objectId").asText(), null);
    }

    /** Deletes every session of the user except the one with {@code keepToken} (may be null). */
    public void revokeAll(String userId, String keepToken) {
        Predicate extra = keepToken == null ? Predicate.ALL
                : new Predicate.Field("sessionToken", new Constraint.Compare(Constraint.Comparison.NE,
                        Json.mapper().getNodeFactory().textNode(keepToken)));
        deleteWhere(userId, extra);
    }

    private void deleteWhere(String userId, Predicate extra) {
        Predicate where = new Predicate.And(List.of(new Predicate.Field("user", new Constraint.Compare(
                Constraint.Comparison.EQ, userPointer(userId))), extra));
        for (ObjectNode session : storage.find(new StorageQuery(schema(), where, null, List.of(), 0, 10_000, null))) {
            storage.delete(schema(), session.path("objectId").asText(), null);
            tokens.forget(session.path("sessionToken").asText());
        }
    }

    private ClassSchema schema() {
        return schemas.schemaOrEmpty(SystemClasses.SESSION);
    }

    static ObjectNode userPointer(String userId) {
        return Json.object().put("__type", "Pointer").put("className", SystemClasses.USER).put("objectId", userId);
    }

    private static Constraint eq(String value) {
        return new Constraint.Compare(Constraint.Comparison.EQ, Json.mapper().getNodeFactory().textNode(value));
    }
}
