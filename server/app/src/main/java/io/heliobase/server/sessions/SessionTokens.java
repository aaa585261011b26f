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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves {@code r:} session tokens against {@code _Session} in Parse's layout, so sessions of an existing Parse
 * database keep working. Role expansion for the user arrives with the identity feature.
 */
public final class SessionTokens implements SessionResolver {
    private final StorageAdapter storage;
    private final SchemaCache schemas;

    public SessionTokens(StorageAdapter storage, SchemaCache schemas) {
        this.storage = storage;
        this.schemas = schemas;
    }

    @Override
    public Optional<Caller.User> resolve(String sessionToken) {
        Predicate where = new Predicate.Field("sessionToken", new Constraint.Compare(Constraint.Comparison.EQ,
                Json.mapper().getNodeFactory().textNode(sessionToken)));
        List<ObjectNode> found = storage.find(new StorageQuery(schemas.schemaOrEmpty(SystemClasses.SESSION), where,
                null, List.of(), 0, 1, null));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode session = found.getFirst();
        JsonNode expiresAt = session.path("expiresAt");
        if (expiresAt.isObject() && Json.parseIso(expiresAt.path("iso").asText()).isBefore(Instant.now())) {
            return Optional.empty();
        }
        JsonNode user = session.path("user");
        if (!user.path("objectId").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new Caller.User(user.path("objectId").asText(), sessionToken, Set.of()));
    }
}
