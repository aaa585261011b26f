package io.heliobase.server.livequery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.acl.ClassPermissions;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.auth.SessionResolver;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.Names;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.livequery.matching.QueryMatcher;
import io.heliobase.livequery.protocol.ClientMessage;
import io.heliobase.livequery.protocol.LiveQuery;
import io.heliobase.livequery.protocol.LiveQueryCodec;
import io.heliobase.livequery.protocol.LiveQueryProtocolException;
import io.heliobase.livequery.protocol.ServerMessage;
import io.heliobase.server.data.ProtectedFieldGuard;
import io.heliobase.server.http.KeyAuth;
import io.heliobase.server.settings.Settings;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One live-query WebSocket (Parse's protocol): connect with keys and an optional session, then subscribe, update
 * and unsubscribe queries. Class-level permissions are checked at subscribe; ACLs, roles and protected fields per
 * event by the hub. Session-bound subscriptions end when the session does.
 */
public final class LiveQueryConnection implements WsListener, Subscriber, Heartbeat.Pingable {
    private static final int NOT_CONNECTED = 2;
    private static final int INVALID_KEYS = 4;
    private static final int INVALID_SESSION = 209;

    private record Active(LiveQuery query, String sessionToken, List<String> ownerFields) {
    }

    private final LiveQueryHub hub;
    private final KeyAuth auth;
    private final SessionResolver sessions;
    private final LiveQueryCodec codec;
    private final Settings.LiveQuerySettings limits;
    private final ProtectedFieldGuard guard;
    private final Finder finder;
    private final String clientId = UUID.randomUUID().toString();
    private final Map<Integer, Active> active = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile Outbox outbox;
    private volatile Caller connectionCaller;
    private volatile String installationId;
    private volatile InetAddress remote;
    private volatile long lastSeen = System.nanoTime();
    private volatile WsSession session;
    private final Heartbeat heartbeat;

    public LiveQueryConnection(LiveQueryHub hub, KeyAuth auth, SessionResolver sessions, LiveQueryCodec codec,
                        Settings.LiveQuerySettings limits, Finder finder, Heartbeat heartbeat) {
        this.finder = finder;
        this.heartbeat = heartbeat;
        this.hub = hub;
        this.auth = auth;
        this.sessions = sessions;
        this.codec = codec;
        this.limits = limits;
        this.guard = new ProtectedFieldGuard(hub.schemas());
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public void onOpen(WsSession session) {
        this.session = session;
        outbox = new Outbox(session, limits.outboundQueueSize(), clientId);
        remote = address(session);
        heartbeat.register(this);
    }

    @Override
    public void onPong(WsSession session, io.helidon.common.buffers.BufferData buffer) {
        lastSeen = System.nanoTime();
    }

    @Override
    public long lastSeen() {
        return lastSeen;
    }

    @Override
    public void ping() {
        WsSession current = session;
        if (current != null) {
            current.ping(io.helidon.common.buffers.BufferData.empty());
        }
    }

    @Override
    public void closeForSilence() {
        Outbox out = outbox;
        if (out != null) {
            out.close(1001, "no pong: the connection looks dead");
        }
        cleanUp();
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        lastSeen = System.nanoTime();
        if (partial.length() + text.length() > limits.maxMessageBytes()) {
            partial.setLength(0);
            send(new ServerMessage.Error(1, "message is larger than " + limits.maxMessageBytes()
                    + " bytes (maxMessageSize)", false, null));
            return;
        }
        partial.append(text);
        if (!last) {
            return;
        }
        String message = partial.toString();
        partial.setLength(0);
        try {
            handle(codec.decode(message));
        } catch (LiveQueryProtocolException e) {
            send(e.toError());
        }
    }

    private void handle(ClientMessage message) {
        switch (message) {
            case ClientMessage.Connect c -> connect(c);
            case ClientMessage.Subscribe s -> {
                if (requireConnected(s.requestId()) && subscribe(s.requestId(), s.query(), s.sessionToken(), false)
                        && s.since() != null) {
                    hub.replay(this, s.requestId(), s.query().className(), s.since());
                }
            }
            case ClientMessage.Update u -> {
                if (requireConnected(u.requestId())) {
                    subscribe(u.requestId(), u.query(), u.sessionToken(), true);
                }
            }
            case ClientMessage.Unsubscribe u -> {
                if (requireConnected(u.requestId())) {
                    unsubscribe(u.requestId());
                }
            }
            case ClientMessage.Query q -> {
                if (requireConnected(q.requestId())) {
                    currentResults(q.requestId());
                }
            }
        }
    }

    private void connect(ClientMessage.Connect c) {
        Map<String, String> headers = new HashMap<>();
        put(headers, "x-parse-application-id", c.applicationId());
        put(headers, "x-parse-master-key", c.masterKey());
        put(headers, "x-parse-client-key", c.clientKey());
        put(headers, "x-parse-javascript-key", c.javascriptKey());
        put(headers, "x-parse-rest-api-key", c.restApiKey());
        put(headers, "x-parse-session-token", c.sessionToken());
        try {
            connectionCaller = auth.resolve(headers, remote);
        } catch (KeyAuth.Unauthorized e) {
            send(new ServerMessage.Error(INVALID_KEYS, "Key in request is not valid", false, null));
            return;
        } catch (ParseException e) {
            send(new ServerMessage.Error(e.code().code(), e.getMessage(), false, null));
            return;
        }
        installationId = c.installationId();
        send(new ServerMessage.Connected(clientId, installationId));
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null && !value.isEmpty()) {
            headers.put(name, value);
        }
    }

    private boolean requireConnected(int requestId) {
        if (connectionCaller == null) {
            send(new ServerMessage.Error(NOT_CONNECTED, "Can not find this client, make sure you connect to server"
                    + " before subscribing", true, requestId));
            return false;
        }
        return true;
    }

    /** Returns whether the subscription was made. */
    private boolean subscribe(int requestId, LiveQuery query, String sessionToken, boolean replacing) {
        String className = query.className();
        try {
            Names.requireValidClassName(className);
            Caller caller = callerOf(sessionToken).orElseThrow(() -> new ParseException(
                    io.heliobase.core.error.ParseErrorCode.INVALID_SESSION_TOKEN, "Invalid session token"));
            // master-only classes (_JobStatus) publish to the master key alone
            if (!hub.publishes(className) || SystemClasses.isMasterOnly(className) && !caller.isMaster()) {
                throw ParseException.forbidden("Class " + className + " is not enabled for live queries"
                        + " (HELIOBASE_LIVE_QUERY_CLASSES).");
            }
            Optional<String> undecidable = QueryMatcher.undecidableOperator(query.where());
            if (undecidable.isPresent()) {
                throw ParseException.invalidQuery("Live queries cannot use " + undecidable.get() + ": an event is"
                        + " matched against the object alone; subscribe to a query on the object's own fields.");
            }
            if (!replacing && !active.containsKey(requestId) && active.size() >= limits.maxSubscriptionsPerConnection()) {
                throw ParseException.invalidQuery("this connection already has " + active.size()
                        + " subscriptions; the limit is " + limits.maxSubscriptionsPerConnection()
                        + " (maxSubscriptionsPerConnection)");
            }

            ClassSchema schema = hub.schemas().schemaOrEmpty(className);
            List<String> ownerFields = ClassPermissions.require(schema.classLevelPermissions(), className, "find",
                    caller);
            guard.check(caller, schema, query.where(), List.of());
            if (hub.triggers().hasBeforeSubscribe(className)) {
                query = subscribeTrigger(caller, query, requestId);
                guard.check(caller, schema, query.where(), List.of());
            }
            if (replacing) {
                hub.index().remove(this, requestId);
            }
            active.put(requestId, new Active(query, sessionToken, ownerFields));
            hub.index().add(className, query, this, requestId);
            hub.watched(className);
            send(new ServerMessage.Subscribed(clientId, requestId));
            return true;
        } catch (ParseException e) {
            send(new ServerMessage.Error(e.code().code(), e.getMessage(), false, requestId));
            return false;
        }
    }

    /**
     * Runs beforeSubscribe, which may refuse the subscription (by throwing) or change its where and keys; the changed
     * query is checked like the client's own.
     */
    private LiveQuery subscribeTrigger(Caller caller, LiveQuery query, int requestId) {
        ObjectNode asked = io.heliobase.core.json.Json.object();
        asked.set("where", query.rawWhere());
        if (!query.keys().isEmpty()) {
            asked.put("keys", String.join(",", query.keys()));
        }
        JsonNode answered = hub.triggers().beforeSubscribe(caller, query.className(), asked, requestId);
        JsonNode where = answered.path("where").isObject() ? answered.get("where") : query.rawWhere();
        List<String> keys = answered.hasNonNull("keys")
                ? java.util.Arrays.stream(answered.get("keys").asText().split(",")).map(String::trim)
                        .filter(k -> !k.isEmpty()).toList()
                : List.of();
        LiveQuery changed = new LiveQuery(query.className(),
                new io.heliobase.core.query.WhereParser(io.heliobase.core.query.QueryLimits.DEFAULTS, caller.isMaster())
                        .parse(where), where, keys, query.watch(), query.include());
        Optional<String> undecidable = QueryMatcher.undecidableOperator(changed.where());
        if (undecidable.isPresent()) {
            throw ParseException.invalidQuery("beforeSubscribe made the query use " + undecidable.get()
                    + ", which live queries cannot match");
        }
        return changed;
    }

    /** The subscription's query run now, through the REST find pipeline with the subscriber's own rights. */
    private void currentResults(int requestId) {
        Active subscription = active.get(requestId);
        if (subscription == null) {
            send(new ServerMessage.Error(NOT_CONNECTED, "Can not find subscription with requestId " + requestId
                    + " for client " + clientId, false, requestId));
            return;
        }
        try {
            Caller caller = callerOf(subscription.sessionToken()).orElseThrow(() -> new ParseException(
                    io.heliobase.core.error.ParseErrorCode.INVALID_SESSION_TOKEN, "Invalid session token"));
            ObjectNode params = io.heliobase.core.json.Json.object();
            params.set("where", subscription.query().rawWhere());
            if (!subscription.query().keys().isEmpty()) {
                params.put("keys", String.join(",", subscription.query().keys()));
            }
            List<ObjectNode> results = new java.util.ArrayList<>();
            finder.find(caller, subscription.query().className(), params).path("results").forEach(r -> {
                ObjectNode object = (ObjectNode) r;
                object.put("className", subscription.query().className());
                results.add(object);
            });
            send(new ServerMessage.Result(clientId, requestId, results, installationId));
        } catch (ParseException e) {
            send(new ServerMessage.Error(e.code().code(), e.getMessage(), false, requestId));
        }
    }

    /** Runs a find as REST would (CLP, ACL, protected fields). */
    @FunctionalInterface
    public interface Finder {
        ObjectNode find(Caller caller, String className, ObjectNode params);
    }

    private void unsubscribe(int requestId) {
        if (active.remove(requestId) == null) {
            send(new ServerMessage.Error(NOT_CONNECTED, "Can not find subscription with requestId " + requestId
                    + " for client " + clientId, false, requestId));
            return;
        }
        hub.index().remove(this, requestId);
        send(new ServerMessage.Unsubscribed(clientId, requestId));
    }

    /** The subscription's own session token wins over the connection's, as in Parse. */
    private Optional<Caller> callerOf(String sessionToken) {
        if (sessionToken != null && !sessionToken.isEmpty()) {
            return sessions.resolve(sessionToken).map(u -> (Caller) u);
        }
        Caller caller = connectionCaller;
        if (caller instanceof Caller.User user) {
            return sessions.resolve(user.sessionToken()).map(u -> (Caller) u);
        }
        return Optional.ofNullable(caller);
    }

    @Override
    public Optional<Caller> callerFor(int requestId) {
        Active subscription = active.get(requestId);
        return subscription == null ? Optional.empty() : callerOf(subscription.sessionToken());
    }

    @Override
    public List<String> ownerFields(int requestId) {
        Active subscription = active.get(requestId);
        return subscription == null ? List.of() : subscription.ownerFields();
    }

    @Override
    public void send(ServerMessage message) {
        Outbox out = outbox;
        if (out != null) {
            out.offer(codec.encode(message));
        }
    }

    @Override
    public void drop(int requestId, int code, String reason) {
        if (active.remove(requestId) != null) {
            hub.index().remove(this, requestId);
            send(new ServerMessage.Error(code, reason, false, requestId));
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        cleanUp();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        cleanUp();
    }

    private void cleanUp() {
        heartbeat.unregister(this);
        hub.index().removeAll(this);
        active.clear();
        Outbox out = outbox;
        if (out != null) {
            out.stop();
        }
    }

    private static InetAddress address(WsSession session) {
        try {
            return session.socketContext().remotePeer().address() instanceof InetSocketAddress inet
                    ? inet.getAddress() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
