package io.heliobase.livequery.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.heliobase.core.json.Json;
import io.heliobase.core.query.QueryLimits;
import io.heliobase.livequery.protocol.LiveQuery;
import io.heliobase.livequery.protocol.LiveQueryCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {
    private static final LiveQueryCodec CODEC = new LiveQueryCodec(QueryLimits.DEFAULTS, 10_000);
    private final SubscriptionIndex<String> index = new SubscriptionIndex<>();

    private static LiveQuery query(String className, String where, List<String> keys, List<String> watch) {
        return CODEC.query(className, Json.parse(where.replace('\'', '"')), keys, watch);
    }

    private static LiveQuery query(String className, String where) {
        return query(className, where, List.of(), List.of());
    }

    private static List<String> subscribers(SubscriptionIndex.Match<String> match) {
        return match.subscriptions().stream().map(Subscription::subscriber).toList();
    }

    @Test
    void identicalQueriesShareOneGroup() {
        index.add("A", query("A", "{'x':1,'y':2}"), "alice", 1);
        index.add("A", query("A", "{'y':2,'x':1}"), "bob", 1);
        index.add("A", query("A", "{'y':2,'x':1}"), "bob", 2);
        index.add("A", query("A", "{'x':3}"), "carol", 1);
        index.add("B", query("B", "{'x':1,'y':2}"), "alice", 2);

        List<SubscriptionIndex.Match<String>> matches = index.candidates("A");
        assertThat(matches).hasSize(2);
        assertThat(index.byQuery("A").get(query("A", "{'x':1,'y':2}")))
                .extracting(Subscription::subscriber, Subscription::requestId)
                .containsExactlyInAnyOrder(tuple("alice", 1),
                        tuple("bob", 1), tuple("bob", 2));
        assertThat(index.candidates("B")).hasSize(1);
        assertThat(index.candidates("C")).isEmpty();
        assertThat(index.size()).isEqualTo(5);
        assertThat(index.distinctQueries()).isEqualTo(3);
    }

    @Test
    void differentKeysOrWatchAreDifferentGroups() {
        index.add("A", query("A", "{}", List.of("a", "b"), List.of()), "s1", 1);
        index.add("A", query("A", "{}", List.of("b", "a"), List.of()), "s2", 1);
        index.add("A", query("A", "{}", List.of("a"), List.of()), "s3", 1);
        index.add("A", query("A", "{}", List.of("a", "b"), List.of("a")), "s4", 1);
        assertThat(index.candidates("A")).hasSize(3);
    }

    @Test
    void removeDropsEmptyGroupsAndClasses() {
        index.add("A", query("A", "{'x':1}"), "alice", 1);
        index.add("A", query("A", "{'x':1}"), "bob", 1);
        assertThat(index.remove("alice", 1)).map(Subscription::subscriber).contains("alice");
        assertThat(index.remove("alice", 1)).isEmpty();
        assertThat(index.candidates("A")).singleElement()
                .satisfies(m -> assertThat(subscribers(m)).containsExactly("bob"));
        index.remove("bob", 1);
        assertThat(index.hasSubscriptions("A")).isFalse();
        assertThat(index.size()).isZero();
        assertThat(index.distinctQueries()).isZero();
    }

    @Test
    void resubscribingWithTheSameRequestIdReplaces() {
        index.add("A", query("A", "{'x':1}"), "alice", 1);
        index.add("B", query("B", "{'x':2}"), "alice", 1);
        assertThat(index.hasSubscriptions("A")).isFalse();
        assertThat(index.find("alice", 1)).map(s -> s.query().className()).contains("B");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void removeAllDropsEverySubscriptionOfOneSubscriber() {
        index.add("A", query("A", "{'x':1}"), "alice", 1);
        index.add("A", query("A", "{'x':2}"), "alice", 2);
        index.add("A", query("A", "{'x':1}"), "bob", 1);
        assertThat(index.removeAll("alice")).extracting(Subscription::requestId).containsExactlyInAnyOrder(1, 2);
        assertThat(index.removeAll("alice")).isEmpty();
        assertThat(index.candidates("A")).singleElement()
                .satisfies(m -> assertThat(subscribers(m)).containsExactly("bob"));
    }

    @Test
    void classNameMustBeTheQuerysClass() {
        assertThatThrownBy(() -> index.add("B", query("A", "{}"), "alice", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentSubscribersLeaveAConsistentIndexWhileEventsRead() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        LiveQuery[] queries = {query("A", "{'x':1}"), query("A", "{'x':2}"), query("A", "{'y':{'$gt':0}}")};
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int reads = 0;
                while (writing.get()) {
                    for (SubscriptionIndex.Match<String> m : index.candidates("A")) {
                        assertThat(m.subscriptions()).isNotEmpty().allMatch(s -> s.query().equals(m.query()));
                    }
                    reads++;
                }
                return reads;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String subscriber = "client-" + t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        index.add("A", queries[i % queries.length], subscriber, i);
                        if (i % 2 == 1) {
                            assertThat(index.remove(subscriber, i - 1)).isPresent();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : writers) {
                w.get();
            }
            writing.set(false);
            assertThat(reader.get()).isPositive();
        } finally {
            pool.shutdownNow();
        }
        // each writer kept its odd request ids
        assertThat(index.size()).isEqualTo(threads * perThread / 2);
        int grouped = index.candidates("A").stream().mapToInt(m -> m.subscriptions().size()).sum();
        assertThat(grouped).isEqualTo(index.size());
        assertThat(index.candidates("A")).hasSize(3);
        for (int t = 0; t < threads; t++) {
            assertThat(index.removeAll("client-" + t)).hasSize(perThread / 2);
        }
        assertThat(index.size()).isZero();
        assertThat(index.hasSubscriptions("A")).isFalse();
    }
}
