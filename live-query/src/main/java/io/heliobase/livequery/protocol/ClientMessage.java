package io.heliobase.livequery.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A validated message from a LiveQuery client; optional wire fields the client did not send are null. */
public sealed interface ClientMessage {

    /**
     * {@code op:"connect"}. Every key is optional except {@code applicationId}; {@code windowsKey} is accepted as
     * Parse's schema does.
     */
    record Connect(String applicationId, String sessionToken, String masterKey, String clientKey,
            String javascriptKey, String restApiKey, String installationId, String windowsKey)
            implements ClientMessage {
        public Connect {
            Objects.requireNonNull(applicationId, "applicationId");
        }

        public Connect(String applicationId, String sessionToken, String masterKey, String clientKey,
                String javascriptKey, String restApiKey, String installationId) {
            this(applicationId, sessionToken, masterKey, clientKey, javascriptKey, restApiKey, installationId, null);
        }

        /**
         * The keys the client sent, by their wire names ({@code javascriptKey, masterKey, clientKey, windowsKey,
         * restAPIKey}), for Parse's keyPairs check: the connect is valid when any configured pair matches.
         */
        public Map<String, String> keys() {
            Map<String, String> keys = new LinkedHashMap<>();
            putIfSent(keys, "javascriptKey", javascriptKey);
            putIfSent(keys, "masterKey", masterKey);
            putIfSent(keys, "clientKey", clientKey);
            putIfSent(keys, "windowsKey", windowsKey);
            putIfSent(keys, "restAPIKey", restApiKey);
            return Map.copyOf(keys);
        }

        private static void putIfSent(Map<String, String> keys, String name, String value) {
            if (value != null) {
                keys.put(name, value);
            }
        }
    }

    /** {@code op:"subscribe"}; {@code sessionToken} (nullable) overrides the connection's for this subscription. */
    /**
     * {@code op:"subscribe"}. {@code since} (Heliobase's resume, absent in Parse) is the last event sequence the
     * client saw: the server first replays what the subscription missed after it, or says a resync is needed.
     */
    record Subscribe(int requestId, LiveQuery query, String sessionToken, Long since) implements ClientMessage {
        public Subscribe {
            Objects.requireNonNull(query, "query");
        }

        public Subscribe(int requestId, LiveQuery query, String sessionToken) {
            this(requestId, query, sessionToken, null);
        }
    }

    /** {@code op:"update"}: Parse treats it as unsubscribe (without reply) then subscribe with the same id. */
    record Update(int requestId, LiveQuery query, String sessionToken) implements ClientMessage {
        public Update {
            Objects.requireNonNull(query, "query");
        }
    }

    /** {@code op:"unsubscribe"}. */
    record Unsubscribe(int requestId) implements ClientMessage {
    }

    /**
     * {@code op:"query"} (Parse JS SDK 8's {@code subscription.find()}): the subscription's current results, so a
     * client can subscribe first and then read, with no window in which a write is missed.
     */
    record Query(int requestId) implements ClientMessage {
    }
}
