package io.heliobase.livequery.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A message from the server to a LiveQuery client, encoded by {@link LiveQueryCodec#encode}. {@code installationId}
 * is the one the client sent on connect (null if none); Parse echoes it in every message but errors.
 */
public sealed interface ServerMessage {

    record Connected(String clientId, String installationId) implements ServerMessage {
        public Connected {
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    record Subscribed(String clientId, int requestId, String installationId) implements ServerMessage {
        public Subscribed {
            Objects.requireNonNull(clientId, "clientId");
        }

        public Subscribed(String clientId, int requestId) {
            this(clientId, requestId, null);
        }
    }

    record Unsubscribed(String clientId, int requestId, String installationId) implements ServerMessage {
        public Unsubscribed {
            Objects.requireNonNull(clientId, "clientId");
        }

        public Unsubscribed(String clientId, int requestId) {
            this(clientId, requestId, null);
        }
    }

    /** The answer to {@code op:"query"}: the subscription's matching objects as the subscriber may see them. */
    record Result(String clientId, int requestId, java.util.List<ObjectNode> results, String installationId)
            implements ServerMessage {
        public Result {
            Objects.requireNonNull(clientId, "clientId");
            results = java.util.List.copyOf(results);
        }
    }

    /**
     * {@code reconnect} tells the client whether retrying can help (Parse: true for schema errors, false for
     * trigger and permission errors); {@code requestId} is null when the error is not about one subscription.
     */
    record Error(int code, String error, boolean reconnect, Integer requestId) implements ServerMessage {
        public Error {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * An object event. {@code object} is already projected and redacted for this subscriber. {@code original} is
     * kept only for enter/update/leave, as Parse sends it; for create and delete it is dropped.
     */
    record Event(EventType op, String clientId, int requestId, ObjectNode object, ObjectNode original,
            String installationId, Long sequence) implements ServerMessage {
        public Event {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(object, "object");
            if (!op.carriesOriginal()) {
                original = null;
            }
        }

        public Event(EventType op, String clientId, int requestId, ObjectNode object, ObjectNode original) {
            this(op, clientId, requestId, object, original, null, null);
        }

        public Event(EventType op, String clientId, int requestId, ObjectNode object, ObjectNode original,
                     String installationId) {
            this(op, clientId, requestId, object, original, installationId, null);
        }
    }

    /**
     * Heliobase's resume: the events a subscription asked to replay ({@code since}) are no longer retained, so the
     * client must read the current state again (e.g. with {@code op:"query"}) before relying on events.
     */
    record Resync(String clientId, int requestId, String reason) implements ServerMessage {
        public Resync {
            Objects.requireNonNull(clientId, "clientId");
        }
    }
}
