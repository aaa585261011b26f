package io.heliobase.livequery.subscription;

import io.heliobase.livequery.protocol.LiveQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All live subscriptions, by class and then by distinct query, so an event evaluates each distinct query once and
 * fans out to everyone who subscribed with it (Parse's className → queryHash → clients map). {@code S} is the
 * caller's handle for one connection; it must have stable equals/hashCode (identity is fine).
 *
 * <p>Thread-safe. Writes (subscribe, unsubscribe, disconnect) are serialised by one lock and publish immutable
 * member lists; reads ({@link #candidates}, {@link #find}) take no lock and see each group as of its last write.
 */
public final class SubscriptionIndex<S> {

    /** One distinct query and everyone subscribed with it. */
    public record Match<S>(LiveQuery query, List<Subscription<S>> subscriptions) {
        public Match {
            subscriptions = List.copyOf(subscriptions);
        }
    }

    /** Members are an immutable list replaced on each write, so readers never see it change under them. */
    private static final class Group<S> {
        final LiveQuery query;
        volatile List<Subscription<S>> members = List.of();

        Group(LiveQuery query) {
            this.query = query;
        }
    }

    private final Object writeLock = new Object();
    private final Map<String, Map<LiveQuery, Group<S>>> byClass = new ConcurrentHashMap<>();
    private final Map<S, Map<Integer, Subscription<S>>> bySubscriber = new ConcurrentHashMap<>();
    private volatile int size;

    /**
     * Subscribes; a subscription the same subscriber already has under {@code requestId} is replaced, so a
     * repeated subscribe (or Parse's {@code update}) never leaves a stale entry behind.
     */
    public Subscription<S> add(String className, LiveQuery query, S subscriber, int requestId) {
        if (!className.equals(query.className())) {
            throw new IllegalArgumentException("className " + className + " differs from the query's "
                    + query.className());
        }
        Subscription<S> subscription = new Subscription<>(subscriber, requestId, query);
        synchronized (writeLock) {
            removeLocked(subscriber, requestId);
            Group<S> group = byClass.computeIfAbsent(className, c -> new ConcurrentHashMap<>())
                    .computeIfAbsent(query, Group::new);
            group.members = append(group.members, subscription);
            bySubscriber.computeIfAbsent(subscriber, s -> new ConcurrentHashMap<>()).put(requestId, subscription);
            size++;
        }
        return subscription;
    }

    /** Unsubscribes; empty when the subscriber has no such request id (Parse answers that with error 2). */
    public Optional<Subscription<S>> remove(S subscriber, int requestId) {
        synchronized (writeLock) {
            return Optional.ofNullable(removeLocked(subscriber, requestId));
        }
    }

    /** Drops every subscription of a subscriber (its connection closed) and returns them. */
    public List<Subscription<S>> removeAll(S subscriber) {
        synchronized (writeLock) {
            Map<Integer, Subscription<S>> own = bySubscriber.get(subscriber);
            if (own == null) {
                return List.of();
            }
            List<Subscription<S>> removed = new ArrayList<>(own.values());
            removed.forEach(s -> removeLocked(subscriber, s.requestId()));
            return List.copyOf(removed);
        }
    }

    public Optional<Subscription<S>> find(S subscriber, int requestId) {
        Map<Integer, Subscription<S>> own = bySubscriber.get(subscriber);
        return own == null ? Optional.empty() : Optional.ofNullable(own.get(requestId));
    }

    /** The distinct queries on a class with their subscribers: evaluate each {@code query} once per event. */
    public List<Match<S>> candidates(String className) {
        Map<LiveQuery, Group<S>> groups = byClass.get(className);
        if (groups == null) {
            return List.of();
        }
        List<Match<S>> matches = new ArrayList<>(groups.size());
        for (Group<S> group : groups.values()) {
            List<Subscription<S>> members = group.members;
            if (!members.isEmpty()) {
                matches.add(new Match<>(group.query, members));
            }
        }
        return matches;
    }

    /** {@link #candidates} as a map, for callers that prefer it. */
    public Map<LiveQuery, List<Subscription<S>>> byQuery(String className) {
        Map<LiveQuery, List<Subscription<S>>> map = new LinkedHashMap<>();
        candidates(className).forEach(m -> map.put(m.query(), m.subscriptions()));
        return map;
    }

    /** Whether any subscription exists on the class: lets the write path skip work for unwatched classes. */
    public boolean hasSubscriptions(String className) {
        return byClass.containsKey(className);
    }

    /** Number of subscriptions (subscriber × request id). */
    public int size() {
        return size;
    }

    /** Number of distinct queries, i.e. matcher evaluations per event summed over classes. */
    public int distinctQueries() {
        return byClass.values().stream().mapToInt(Map::size).sum();
    }

    private Subscription<S> removeLocked(S subscriber, int requestId) {
        Map<Integer, Subscription<S>> own = bySubscriber.get(subscriber);
        Subscription<S> old = own == null ? null : own.remove(requestId);
        if (old == null) {
            return null;
        }
        if (own.isEmpty()) {
            bySubscriber.remove(subscriber);
        }
        String className = old.query().className();
        Map<LiveQuery, Group<S>> groups = byClass.get(className);
        Group<S> group = groups.get(old.query());
        group.members = without(group.members, subscriber, requestId);
        if (group.members.isEmpty()) {
            groups.remove(old.query());
            if (groups.isEmpty()) {
                byClass.remove(className);
            }
        }
        size--;
        return old;
    }

    private static <S> List<Subscription<S>> append(List<Subscription<S>> members, Subscription<S> added) {
        List<Subscription<S>> copy = new ArrayList<>(members.size() + 1);
        copy.addAll(members);
        copy.add(added);
        return List.copyOf(copy);
    }

    private static <S> List<Subscription<S>> without(List<Subscription<S>> members, S subscriber, int requestId) {
        List<Subscription<S>> copy = new ArrayList<>(members.size());
        for (Subscription<S> s : members) {
            if (s.requestId() != requestId || !Objects.equals(s.subscriber(), subscriber)) {
                copy.add(s);
            }
        }
        return List.copyOf(copy);
    }
}
