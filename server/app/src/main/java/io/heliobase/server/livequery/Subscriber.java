package io.heliobase.server.livequery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.livequery.protocol.ServerMessage;
import java.util.List;
import java.util.Optional;

/** What the hub needs of a connection: who a subscription acts as, and a way to send it messages. */
interface Subscriber {

    String clientId();

    /**
     * The caller a subscription acts as, checked again at each event: empty once its session has ended (logout,
     * expiry), which ends the subscription.
     */
    Optional<Caller> callerFor(int requestId);

    /** Pointer-permission fields the subscription's objects must point at the caller through (empty = none). */
    List<String> ownerFields(int requestId);

    void send(ServerMessage message);

    /** Ends a subscription from the server side (its session ended). */
    void drop(int requestId, int code, String reason);

    /** For events: the object as the subscriber may see it. */
    default ObjectNode visible(ObjectNode object) {
        return object;
    }
}
