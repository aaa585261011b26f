package io.heliobase.server.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Buckets kept in Redis through Bucket4j's Lettuce integration (compare-and-swap), so that several nodes share one
 * bucket per key; a key expires once its bucket would be full again.
 */
public final class SharedBuckets implements AutoCloseable {
    private final RedisClient client;
    private final ProxyManager<byte[]> buckets;
    private final String prefix;

    public SharedBuckets(String redisUri, String appId) {
        this.client = RedisClient.create(redisUri);
        client.setDefaultTimeout(Duration.ofSeconds(5));
        this.buckets = Bucket4jLettuce.casBasedBuilder(client)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build();
        this.prefix = "heliobase:" + appId + ":ratelimit:";
    }

    Bucket bucket(String key, Bandwidth limit) {
        return buckets.getProxy((prefix + key).getBytes(StandardCharsets.UTF_8),
                () -> BucketConfiguration.builder().addLimit(limit).build());
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
