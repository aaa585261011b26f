package io.heliobase.server.livequery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.events.ChangeListener;
import io.heliobase.core.events.ObjectChanged;
import io.heliobase.core.json.Json;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;

/**
 * Carries committed writes to every node through Redis pub/sub, so a client connected to one node sees writes made
 * on another. Each node publishes its writes and delivers to its own subscribers only what it receives from the
 * channel, its own writes included, so every node sees the same order. Like Parse's Redis adapter this is
 * at-most-once: a node that is cut off from Redis misses events.
 */
public final class RedisChangeBus implements ChangeListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisChangeBus.class.getName());

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final String channel;
    private final LiveQueryHub hub;

    public RedisChangeBus(String redisUri, String appId, LiveQueryHub hub) {
        this.hub = hub;
        this.channel = "heliobase:" + appId + ":changes";
        this.client = RedisClient.create(redisUri);
        client.setDefaultTimeout(Duration.ofSeconds(5));
        this.publisher = client.connect();
        this.subscriber = client.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String fromChannel, String message) {
                receive(message);
            }
        });
        subscriber.sync().subscribe(channel);
    }

    /** Every node may have subscribers for any class, so every write to a publishing class is announced. */
    @Override
    public boolean interestedIn(String className) {
        return hub.publishes(className);
    }

    @Override
    public void onChange(ObjectChanged change) {
        ObjectNode message = Json.object().put("className", change.className());
        if (change.original() != null) {
            message.set("original", change.original());
        }
        if (change.current() != null) {
            message.set("current", change.current());
        }
        // asynchronous: the write's response does not wait for Redis. The sequence comes from Redis so that every
        // node numbers the class's events alike and a client can resume on any node.
        publisher.async().incr(channel + ":seq:" + change.className()).thenCompose(sequence -> {
            message.put("seq", sequence);
            return publisher.async().publish(channel, Json.text(message));
        }).exceptionally(failure -> {
            LOG.log(System.Logger.Level.WARNING, "live-query event not published to Redis: " + failure.getMessage());
            return null;
        });
    }

    private void receive(String message) {
        try {
            JsonNode json = Json.parse(message);
            ObjectNode original = json.get("original") instanceof ObjectNode o ? o : null;
            ObjectNode current = json.get("current") instanceof ObjectNode c ? c : null;
            Long sequence = json.path("seq").canConvertToLong() ? json.path("seq").asLong() : null;
            hub.onChange(new ObjectChanged(json.path("className").asText(), original, current), sequence);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a malformed live-query event from Redis");
        }
    }

    @Override
    public void close() {
        subscriber.close();
        publisher.close();
        client.shutdown();
    }
}
