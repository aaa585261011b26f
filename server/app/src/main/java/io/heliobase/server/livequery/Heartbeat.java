package io.heliobase.server.livequery;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pings every live-query connection at a fixed interval and closes those that showed no sign of life (a pong or
 * any message) for two intervals, so dead clients do not keep subscriptions and queues alive.
 */
public final class Heartbeat implements AutoCloseable {

    /** What the heartbeat needs of a connection. */
    interface Pingable {
        /** Nanos timestamp of the last message or pong from the client. */
        long lastSeen();

        void ping();

        void closeForSilence();
    }

    private final Set<Pingable> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("live-query-heartbeat").daemon(true).factory());
    private final long silenceNanos;

    public Heartbeat(Duration interval) {
        this.silenceNanos = interval.multipliedBy(2).toNanos();
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    void register(Pingable connection) {
        connections.add(connection);
    }

    void unregister(Pingable connection) {
        connections.remove(connection);
    }

    private void beat() {
        long now = System.nanoTime();
        for (Pingable connection : connections) {
            try {
                if (now - connection.lastSeen() > silenceNanos) {
                    connections.remove(connection);
                    connection.closeForSilence();
                } else {
                    connection.ping();
                }
            } catch (RuntimeException e) {
                connections.remove(connection); // the socket is already gone
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
