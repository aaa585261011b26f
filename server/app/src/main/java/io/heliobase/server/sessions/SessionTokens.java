package io.heliobase.server.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.auth.SessionResolver;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.server.data.SchemaCache;
import io.heliobase.server.roles.RoleGraph;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@code r:} session tokens against {@code _Session} in Parse's layout (so sessions of an existing Parse
 * database keep working) into a user with their roles. Lookups are cached for a few seconds; logout and revocation
 * on this node drop the entry at once.
 */
public final class SessionTokens implements SessionResolver {
    private static final long MAX_AGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_CACHED = 100_000;

    private record Cached(String sessionId, String userId, Instant expiresAt, long loadedAt) {
    }

    /** Whether expired sessions are refused, and whether use pushes the expiry out (Parse's options). */
    public record Expiry(java.time.Duration sessionLength, boolean expireInactiveSessions, boolean extendOnUse) {
        public static final Expiry DEFAULT = new Expiry(java.time.Duration.ofDays(365), true, false);
    }

    private final StorageAdapter storage;
    private final SchemaCache schemas;
    private final RoleGraph roles;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private final Expiry expiry;

    public SessionTokens(StorageAdapter storage, SchemaCache schemas, RoleGraph roles, Expiry expiry) {
        this.expiry = expiry;
        this.storage = storage;
        this.schemas = schemas;
        this.roles = roles;
    }

    @Override
    public Optional<Caller.User> resolve(String sessionToken) {
        long now = System.nanoTime();
        Cached cached = cache.get(sessionToken);
        if (cached == null || now - cached.loadedAt() > MAX_AGE_NANOS) {
            cached = load(sessionToken, now);
            if (cached == null) {
                cache.remove(sessionToken);
                return Optional.empty();
            }
            if (cache.size() > MAX_CACHED) {
                cache.clear();
            }
            cache.put(sessionToken, cached);
        }
        if (expiry.expireInactiveSessions() && cached.expiresAt() != null && cached.expiresAt().isBefore(Instant.now())) {
            return Optional.empty();
        }
        if (expiry.extendOnUse() && cached.expiresAt() != null
                && cached.expiresAt().isBefore(Instant.now().plus(expiry.sessionLength().dividedBy(2)))) {
            cached = extend(sessionToken, cached);
        }
        return Optional.of(new Caller.User(cached.userId(), sessionToken, roles.rolesOf(cached.userId())));
    }

    /** Pushes a half-used session's expiry a full session length out, at most once per half length. */
    private Cached extend(String sessionToken, Cached cached) {
        Instant newExpiry = Instant.now().plus(expiry.sessionLength());
        java.util.Map<String, io.heliobase.core.object.FieldOp> ops = java.util.Map.of("expiresAt",
                new io.heliobase.core.object.FieldOp.Set(Json.object().put("__type", "Date")
                        .put("iso", Json.iso(newExpiry))));
        storage.update(schemas.schemaOrEmpty(SystemClasses.SESSION), cached.sessionId(), null, ops, null,
                Json.iso(Instant.now()));
        Cached extended = new Cached(cached.sessionId(), cached.userId(), newExpiry, cached.loadedAt());
        cache.put(sessionToken, extended);
        return extended;
    }

    void forget(String sessionToken) {
        cache.remove(sessionToken);
    }

    private Cached load(String sessionToken, long now) {
        Predicate where = new Predicate.Field("sessionToken", new Constraint.Compare(Constraint.Comparison.EQ,
                Json.mapper().getNodeFactory().textNode(sessionToken)));
        List<ObjectNode> found = storage.find(new StorageQuery(schemas.schemaOrEmpty(SystemClasses.SESSION), where,
                null, List.of(), 0, 1, null));
        if (found.isEmpty()) {
            return null;
        }
        ObjectNode session = found.getFirst();
        JsonNode user = session.path("user");
        if (!user.path("objectId").isTextual()) {
            return null;
        }
        JsonNode expiresAtJson = session.path("expiresAt");
        Instant expiresAt = expiresAtJson.path("iso").isTextual() ? Json.parseIso(expiresAtJson.path("iso").asText())
                : null;
        return new Cached(session.path("objectId").asText(), user.path("objectId").asText(), expiresAt, now);
    }
}
