package io.heliobase.server.storage.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * A collection whose sorted finds cost what a sort should.
 * <p>
 * The library sorts matches with a comparator that parses each sort path with a regular expression on every
 * comparison (about n log n parses per query), then keeps the first {@code limit}. Here each match's sort key is
 * read once (see {@link SortKeys}) and the keys are sorted with the library's {@link ValueComparator} in a stable
 * sort, so ties keep the scan order as before. With a limit, when every key is of one plain type (numbers, strings,
 * booleans or dates, where the order is total and any correct selection gives the same answer) only the first
 * {@code skip + limit} are kept, in a bounded heap; anything else takes the full sort. Matching goes through
 * {@link QueryPlan}.
 * <p>
 * Finds are not serialized on the collection's monitor, so queries on one class use both cores:
 * {@link SerializedBackend} already keeps every write apart from every read.
 */
final class StoreCollection extends H2Collection {

    private static final Document MATCH_ALL = new Document();
    /** The plan of the query this thread matches now (a scan calls the matcher once per document). */
    private static final ThreadLocal<QueryPlan> PLAN = new ThreadLocal<>();
    /** The library's matcher, for what a plan leaves to it (one instance, not one per document). */
    private final BiPredicate<Document, Document> libraryMatcher = super::documentMatchesQuery;

    StoreCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                    MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    /** Conditions on top-level fields with plain operands are decided by {@link QueryPlan}, the rest by the library. */
    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
        QueryPlan plan = PLAN.get();
        if (plan == null || !plan.isFor(query)) {
            plan = QueryPlan.of(query);
            PLAN.set(plan);
        }
        return plan.matches(document, libraryMatcher);
    }

    /** The library's handleQuery without {@code synchronized}: see the class comment. */
    @Override
    public QueryResult handleQuery(QueryParameters parameters) {
        Document selector = parameters.getQuerySelector();
        Document query = selector;
        Document orderBy = null;
        if (selector.containsKey("query")) {
            query = (Document) selector.get("query");
            orderBy = (Document) selector.get("orderby");
        } else if (selector.containsKey("$query")) {
            query = (Document) selector.get("$query");
            orderBy = (Document) selector.get("$orderby");
        }
        return queryDocuments(query, orderBy, parameters.getNumberToSkip(), parameters.getLimit(),
            parameters.getBatchSize(), parameters.getProjection());
    }

    @Override
    protected QueryResult matchDocumentsFromStream(Stream<Document> documents, Document query, Document orderBy,
                                                   int numberToSkip, int limit, int batchSize,
                                                   Document fieldSelector) {
        SortKeys sortKeys = SortKeys.of(orderBy);
        if (sortKeys == null) {
            return super.matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize,
                fieldSelector);
        }
        List<Keyed> matches = new ArrayList<>();
        ValueTypes types = new ValueTypes(sortKeys.paths().length);
        documents.filter(document -> documentMatchesQuery(document, query)).forEach(document -> {
            Object[] keys = sortKeys.keysOf(document);
            types.see(keys);
            matches.add(new Keyed(document, keys, matches.size()));
        });
        List<Keyed> sorted = limit > 0 && types.totallyOrdered()
            ? firstInOrder(matches, sortKeys.comparator(types).thenComparingInt(Keyed::scanIndex),
                (long) numberToSkip + limit)
            : sortAll(matches, sortKeys.comparator().thenComparingInt(Keyed::scanIndex));
        Stream<Document> page = sorted.stream().skip(Math.max(0, numberToSkip)).map(Keyed::document);
        if (limit > 0) {
            page = page.limit(limit);
        }
        // the library's own tail: projection and first batch or cursor; nothing left to filter or sort
        return super.matchDocumentsFromStream(MATCH_ALL, page, 0, 0, batchSize, null, fieldSelector);
    }

    private static List<Keyed> sortAll(List<Keyed> matches, Comparator<Keyed> order) {
        matches.sort(order);
        return matches;
    }

    /** The first {@code count} of matches in order, keeping at most count of them at any time. */
    private static List<Keyed> firstInOrder(List<Keyed> matches, Comparator<Keyed> order, long count) {
        if (count >= matches.size()) {
            return sortAll(matches, order);
        }
        int keep = (int) count;
        PriorityQueue<Keyed> worstOnTop = new PriorityQueue<>(keep + 1, order.reversed());
        for (Keyed match : matches) {
            if (worstOnTop.size() < keep) {
                worstOnTop.add(match);
            } else if (order.compare(match, worstOnTop.peek()) < 0) {
                worstOnTop.poll();
                worstOnTop.add(match);
            }
        }
        List<Keyed> first = new ArrayList<>(worstOnTop);
        first.sort(order);
        return first;
    }

    /** Whether each sort position held keys of one kind only, among those the comparator orders totally. */
    private static final class ValueTypes {

        private final Class<?>[] seen;
        private boolean uniform = true;

        ValueTypes(int positions) {
            this.seen = new Class<?>[positions];
        }

        void see(Object[] keys) {
            for (int i = 0; i < keys.length && uniform; i++) {
                Class<?> kind = kindOf(keys[i]);
                if (kind == null || (seen[i] != null && seen[i] != kind)) {
                    uniform = false;
                }
                seen[i] = kind;
            }
        }

        boolean totallyOrdered() {
            return uniform;
        }

        /**
         * For keys of one kind, that kind's own comparison, which is what {@link ValueComparator} does for it
         * without its type dispatch and number normalisation on every call (numbers: as doubles).
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<Object> comparatorAt(int position) {
            if (seen[position] == Number.class) {
                return (a, b) -> Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
            }
            return (a, b) -> ((Comparable) a).compareTo(b); // Long, String, Boolean, Instant
        }

        /** Ints and doubles compare as doubles (a total order); a Long compares as a long, so it mixes with neither. */
        private static Class<?> kindOf(Object key) {
            return switch (key) {
                case Integer i -> Number.class;
                case Double d -> Number.class;
                case Long l -> Long.class;
                case String text -> String.class;
                case Boolean b -> Boolean.class;
                case Instant instant -> Instant.class;
                case null, default -> null;
            };
        }
    }

    private record Keyed(Document document, Object[] sortKeys, int scanIndex) {
    }

    /**
     * The paths and directions of a sort; null for none or for {@code $natural} (scan order, handled by the library).
     * A value's sort key is the value, or for an array its first element in sort direction (the library's and
     * MongoDB's rule); an empty array sorts below null and missing values, as in MongoDB. The library's comparator
     * says the same but not consistently ({@code []} is below {@code []} in both directions, which can make its sort
     * throw); with a key of its own for the empty array the order is total.
     */
    private record SortKeys(String[] paths, boolean[] ascending) {

        private static final Object EMPTY_ARRAY = new Object();

        static SortKeys of(Document orderBy) {
            if (orderBy == null || orderBy.isEmpty() || orderBy.containsKey("$natural")) {
                return null;
            }
            String[] paths = new String[orderBy.size()];
            boolean[] ascending = new boolean[orderBy.size()];
            int i = 0;
            for (var entry : orderBy.entrySet()) {
                if (!(entry.getValue() instanceof Number direction)) {
                    return null; // e.g. {$meta: ...}: the library's comparator decides what that means
                }
                paths[i] = entry.getKey();
                ascending[i] = direction.intValue() > 0;
                i++;
            }
            return new SortKeys(paths, ascending);
        }

        Object[] keysOf(Document document) {
            Object[] keys = new Object[paths.length];
            for (int i = 0; i < paths.length; i++) {
                keys[i] = keyOf(valueAt(document, paths[i]), ascending[i]);
            }
            return keys;
        }

        /** The library's path lookup; a top-level field (the common case) without its per-call path parsing. */
        private static Object valueAt(Document document, String path) {
            if (!path.isEmpty() && path.indexOf('.') < 0 && !path.equals("$")) {
                return document.getOrMissing(path);
            }
            return Utils.getSubdocumentValueCollectionAware(document, path);
        }

        private static Object keyOf(Object value, boolean ascending) {
            if (!(value instanceof Collection<?> elements)) {
                return value;
            }
            if (elements.isEmpty()) {
                return EMPTY_ARRAY;
            }
            List<Object> inOrder = new ArrayList<>(elements);
            inOrder.sort(ascending ? ValueComparator.asc() : ValueComparator.desc());
            return inOrder.getFirst();
        }

        /** The order for keys that are all of one plain kind per position (see {@link ValueTypes}). */
        Comparator<Keyed> comparator(ValueTypes types) {
            List<Comparator<Object>> byPosition = new ArrayList<>();
            for (int i = 0; i < paths.length; i++) {
                byPosition.add(ascending[i] ? types.comparatorAt(i) : types.comparatorAt(i).reversed());
            }
            return (a, b) -> {
                for (int i = 0; i < byPosition.size(); i++) {
                    int cmp = byPosition.get(i).compare(a.sortKeys()[i], b.sortKeys()[i]);
                    if (cmp != 0) {
                        return cmp;
                    }
                }
                return 0;
            };
        }

        Comparator<Keyed> comparator() {
            return (a, b) -> {
                for (int i = 0; i < paths.length; i++) {
                    int cmp = compareAscending(a.sortKeys()[i], b.sortKeys()[i]);
                    if (cmp != 0) {
                        return ascending[i] ? cmp : -cmp;
                    }
                }
                return 0;
            };
        }

        private static int compareAscending(Object key1, Object key2) {
            if (key1 == EMPTY_ARRAY || key2 == EMPTY_ARRAY) {
                return key1 == key2 ? 0 : key1 == EMPTY_ARRAY ? -1 : 1;
            }
            return ValueComparator.asc().compare(key1, key2);
        }
    }
}
