package io.heliobase.server.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets (Bucket4j) per rule and per zone key. It is checked on the effective verb and path, after
 * {@code _method} is resolved, and for every sub-request of a batch, so neither can be used to get around a limit
 * (the bypasses Parse Server had). A user zone without a user falls back to the IP, never to no limit at all.
 */
public final class RateLimiter {
    private static final int MAX_BUCKETS = 200_000;

    private final List<RateLimitRule> rules;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final SharedBuckets shared;

    private RateLimiter(List<RateLimitRule> rules, SharedBuckets shared) {
        this.rules = List.copyOf(rules);
        this.shared = shared;
    }

    /** From Parse's {@code rateLimit} option as JSON: an object or an array of them; buckets on this node. */
    public static RateLimiter fromJson(String json) {
        return new RateLimiter(rules(json), null);
    }

    /** The same rules with buckets kept in Redis, so that every node draws from one bucket per key. */
    public static RateLimiter fromJson(String json, SharedBuckets shared) {
        return new RateLimiter(rules(json), shared);
    }

    private static List<RateLimitRule> rules(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode node = Json.parse(json);
        List<RateLimitRule> rules = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(rule -> rules.add(RateLimitRule.fromJson(rule)));
        } else {
            rules.add(RateLimitRule.fromJson(node));
        }
        return rules;
    }

    /** A request over a limit, with how long to wait before the bucket has a token again. */
    public static final class Limited extends RuntimeException {
        private final long retryAfterSeconds;

        Limited(String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** Takes a token from every bucket the request falls under; throws {@link Limited} when one is empty. */
    public void check(String method, String path, Caller caller, InetAddress ip) {
        for (int i = 0; i < rules.size(); i++) {
            RateLimitRule rule = rules.get(i);
            if (!rule.applies(method, path) || caller.isMaster() && !rule.includeMasterKey()) {
                continue;
            }
            String key = i + "|" + zoneKey(rule.zone(), caller, ip);
            Bandwidth limit = rule.burst() == rule.count()
                    ? Bandwidth.builder().capacity(rule.count()).refillIntervally(rule.count(), rule.window()).build()
                    : Bandwidth.builder().capacity(rule.burst()).refillGreedy(rule.count(), rule.window()).build();
            Bucket bucket;
            if (shared != null) {
                bucket = shared.bucket(key, limit);
            } else {
                if (buckets.size() > MAX_BUCKETS) {
                    buckets.clear(); // bounded memory under address spraying; limits restart rather than grow
                }
                bucket = buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit).build());
            }
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
                throw new Limited(rule.message(), seconds);
            }
        }
    }

    private static String zoneKey(RateLimitRule.Zone zone, Caller caller, InetAddress ip) {
        String address = ip == null ? "unknown" : ip.getHostAddress();
        return switch (zone) {
            case GLOBAL -> "global";
            case IP -> "ip:" + address;
            case USER -> caller instanceof Caller.User u ? "user:" + u.userId() : "ip:" + address;
            case SESSION -> caller instanceof Caller.User u ? "session:" + u.sessionToken() : "ip:" + address;
            case IP_USER -> "ip:" + address + (caller instanceof Caller.User u ? "|user:" + u.userId() : "");
        };
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }
}
