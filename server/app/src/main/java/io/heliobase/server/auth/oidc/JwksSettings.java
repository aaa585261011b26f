package io.heliobase.server.auth.oidc;

import java.time.Duration;

/**
 * How provider keys are fetched and how much clock drift is forgiven. Production uses {@link #DEFAULTS}; tests shorten
 * the timeouts to prove that an unreachable JWKS fails fast.
 */
record JwksSettings(Duration connectTimeout, Duration readTimeout, int sizeLimitBytes, Duration cacheTtl,
        Duration clockSkew) {

    /** Refresh in the background when a login arrives this close to expiry, so logins rarely wait on a fetch. */
    static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

    /** At most two fetches per interval: a flood of tokens with made-up key ids cannot hammer the provider. */
    static final Duration RATE_LIMIT_INTERVAL = Duration.ofSeconds(30);

    /** When the provider is down, keep verifying with the last keys for this long rather than refuse every login. */
    static final Duration OUTAGE_TTL = Duration.ofHours(1);

    /** Declared after the constants its check reads. A cold-cache login waits on at most a fetch and one retry. */
    static final JwksSettings DEFAULTS = new JwksSettings(Duration.ofSeconds(3), Duration.ofSeconds(3), 64 * 1024,
            Duration.ofMinutes(10), Duration.ofSeconds(60));

    JwksSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(clockSkew, "clockSkew");
        if (sizeLimitBytes <= 0) {
            throw new IllegalArgumentException("sizeLimitBytes must be positive");
        }
        // nimbus requires the rate-limit interval and the refresh window to fit inside the cache lifetime
        if (cacheTtl.compareTo(RATE_LIMIT_INTERVAL.plus(REFRESH_AHEAD).plus(Duration.ofMinutes(1))) < 0) {
            throw new IllegalArgumentException("cacheTtl is too short: " + cacheTtl);
        }
    }

    /** How long a login waits for another thread's fetch: the worst case of a fetch and its retry. */
    Duration refreshWait() {
        return connectTimeout.plus(readTimeout).multipliedBy(2).plusSeconds(1);
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
