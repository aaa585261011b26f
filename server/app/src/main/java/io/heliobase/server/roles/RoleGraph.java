package io.heliobase.server.roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.server.data.SchemaCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The roles a user holds: roles whose {@code users} relation contains the user, then, to a fixpoint, roles whose
 * {@code roles} relation contains a role already found (a child role grants its parents' access). Cycles are cut.
 * Results are cached per user and dropped on any {@code _Role} write on this node, and kept at most a few seconds
 * so that writes on other nodes are seen.
 */
public final class RoleGraph {
    private static final long MAX_AGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_ROLES = 10_000;

    private record Cached(Set<String> names, long loadedAt, long generation) {
    }

    private final StorageAdapter storage;
    private final SchemaCache schemas;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public RoleGraph(StorageAdapter storage, SchemaCache schemas) {
        this.storage = storage;
        this.schemas = schemas;
    }

    /** Called after every write to _Role. */
    public void invalidate() {
        generation.incrementAndGet();
        cache.clear();
    }

    public Set<String> rolesOf(String userId) {
        long now = System.nanoTime();
        Cached cached = cache.get(userId);
        if (cached != null && cached.generation() == generation.get() && now - cached.loadedAt() < MAX_AGE_NANOS) {
            return cached.names();
        }
        long gen = generation.get();
        Set<String> names = load(userId);
        cache.put(userId, new Cached(names, now, gen));
        return names;
    }

    private Set<String> load(String userId) {
        Set<String> found = new HashSet<>(storage.owningIds("users", SystemClasses.ROLE, List.of(userId)));
        List<String> frontier = new ArrayList<>(found);
        while (!frontier.isEmpty() && found.size() < MAX_ROLES) {
            List<String> parents = storage.owningIds("roles", SystemClasses.ROLE, frontier);
            frontier = new ArrayList<>();
            for (String parent : parents) {
                if (found.add(parent)) {
                    frontier.add(parent);
                }
            }
        }
        if (found.isEmpty()) {
            return Set.of();
        }
        List<JsonNode> ids = new ArrayList<>();
        found.forEach(id -> ids.add(Json.mapper().getNodeFactory().textNode(id)));
        Set<String> names = new HashSet<>();
        for (ObjectNode role : storage.find(new StorageQuery(schemas.schemaOrEmpty(SystemClasses.ROLE),
                new Predicate.Field("objectId", new Constraint.In(ids, false)), null, List.of(), 0, MAX_ROLES, null))) {
            if (role.path("name").isTextual()) {
                names.add(role.path("name").asText());
            }
        }
        return Set.copyOf(names);
    }
}
