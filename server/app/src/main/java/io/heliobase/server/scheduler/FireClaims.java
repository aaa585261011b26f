package io.heliobase.server.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.FindOptions;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who runs a scheduled fire: every node's Quartz fires it, and each tries to insert one {@code _JobFire} document
 * whose id is derived from (schedule, scheduled fire time, attempt). The database's unique {@code _id} lets exactly
 * one insert win — on MongoDB and on the embedded store alike — so exactly one node runs it.
 */
final class FireClaims {
    static final String CLAIMS = "_JobFire";
    private static final ClassSchema SCHEMA = ClassSchema.empty(CLAIMS);

    private final StorageAdapter storage;
    private final String node;

    FireClaims(StorageAdapter storage, String node) {
        this.storage = storage;
        this.node = node;
    }

    /** Whether this node won the fire. */
    boolean claim(String scheduleKey, Instant fireTime, int attempt) {
        ObjectNode claim = Json.object().put("objectId", idOf(scheduleKey, fireTime, attempt))
                .put("schedule", scheduleKey).put("fireAt", fireTime.toEpochMilli()).put("attempt", attempt)
                .put("node", node).put("claimedAt", Instant.now().toEpochMilli());
        try {
            storage.insert(SCHEMA, claim);
            return true;
        } catch (ParseException e) {
            if (e.code() == ParseErrorCode.DUPLICATE_VALUE) {
                return false; // another node has it
            }
            throw e;
        }
    }

    /** The latest fire time any node claimed for a schedule: where "missed while down" is counted from. */
    Optional<Instant> lastFire(String scheduleKey) {
        List<ObjectNode> found = storage.find(new StorageQuery(SCHEMA, Predicate.equalTo("schedule", scheduleKey), null, List.of(new FindOptions.SortKey("fireAt", false)), 0, 1, null));
        return found.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(found.getFirst().path("fireAt")
                .asLong()));
    }

    /** Drops claims of fires older than {@code cutoff} (a thousand at a time): they only matter for a while. */
    void purgeOlderThan(Instant cutoff) {
        storage.find(new StorageQuery(SCHEMA, new Predicate.Field("fireAt", new Constraint.Compare(
                Constraint.Comparison.LT, Json.mapper().getNodeFactory().numberNode(cutoff.toEpochMilli()))),
                null, List.of(), 0, 1000, null))
                .forEach(claim -> storage.delete(SCHEMA, claim.path("objectId").asText(), null));
    }

    private static String idOf(String scheduleKey, Instant fireTime, int attempt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((scheduleKey + "\n" + fireTime.toEpochMilli()
                    + "\n" + attempt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
