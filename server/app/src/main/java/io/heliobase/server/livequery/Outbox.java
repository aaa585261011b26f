package io.heliobase.server.livequery;

import io.helidon.websocket.WsSession;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection's outgoing messages: a bounded queue drained by its own virtual thread, so a slow or dead client
 * never slows the dispatcher or other clients. When the queue overflows, the client is disconnected with a reason.
 */
final class Outbox {
    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());
    /** WebSocket close code 1008: policy violation. */
    private static final int POLICY_VIOLATION = 1008;

    private final WsSession session;
    private final BlockingQueue<String> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread writer;

    Outbox(WsSession session, int capacity, String clientId) {
        this.session = session;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofVirtual().name("live-query-writer-" + clientId).start(this::drain);
    }

    /** Queues a message; false (and the client disconnected) when the queue is full. */
    boolean offer(String message) {
        if (closed.get()) {
            return false;
        }
        if (!queue.offer(message)) {
            LOG.log(System.Logger.Level.WARNING, "live query client too slow; disconnecting it");
            close(POLICY_VIOLATION, "outbound queue full: the client reads too slowly");
            return false;
        }
        return true;
    }

    private void drain() {
        try {
            // take() parks until a message comes; close() interrupts it (no periodic wake-ups per idle connection)
            while (!closed.get()) {
                session.send(queue.take(), true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            closed.set(true); // the socket is gone; the listener's onClose cleans up
        }
    }

    void close(int code, String reason) {
        if (closed.compareAndSet(false, true)) {
            writer.interrupt();
            try {
                session.close(code, reason);
            } catch (RuntimeException ignored) {
                // already closed by the peer
            }
        }
    }

    /** Stops the writer without closing the socket (the peer already closed it). */
    void stop() {
        closed.set(true);
        writer.interrupt();
    }
}
