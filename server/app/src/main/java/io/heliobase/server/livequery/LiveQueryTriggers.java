package io.heliobase.server.livequery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import java.util.Optional;

/** Cloud code's say on live queries: {@code beforeSubscribe} and {@code afterLiveQueryEvent}. */
public interface LiveQueryTriggers {

    boolean hasBeforeSubscribe(String className);

    boolean hasAfterEvent(String className);

    /**
     * Runs beforeSubscribe on the query in REST form ({@code where}, {@code keys}); answers the query to subscribe to,
     * or throws the Parse error that refuses the subscription.
     */
    JsonNode beforeSubscribe(Caller caller, String className, ObjectNode query, int requestId);

    /**
     * Runs afterLiveQueryEvent for one event and one subscriber ({@code event} is create, enter, update, leave or
     * delete); answers the object to send, or empty when the trigger stopped the event.
     */
    Optional<ObjectNode> afterEvent(Caller caller, String className, String event, ObjectNode object,
                                    ObjectNode original);

    LiveQueryTriggers NONE = new LiveQueryTriggers() {
        @Override
        public boolean hasBeforeSubscribe(String className) {
            return false;
        }

        @Override
        public boolean hasAfterEvent(String className) {
            return false;
        }

        @Override
        public JsonNode beforeSubscribe(Caller caller, String className, ObjectNode query, int requestId) {
            return query;
        }

        @Override
        public Optional<ObjectNode> afterEvent(Caller caller, String className, String event, ObjectNode object,
                                               ObjectNode original) {
            return Optional.of(object);
        }
    };
}
