package io.heliobase.server.storage.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A non-unique index, kept in memory (rebuilt from the collection when the store opens): the library accepts
 * such indexes but builds none, so every query scanned its collection.
 * <p>
 * It narrows a query to candidates and never decides a match: the library's matcher still checks every candidate,
 * so the candidates only have to include every document that can match. The index orders the plain scalar values
 * of its first field (numbers that compare exactly as doubles, strings, dates); documents whose value is anything
 * else (missing, null, arrays, sub-documents, longs, decimals, booleans, NaN) are candidates for every query. It
 * serves an equality or a range ($gt, $gte, $lt, $lte, $eq) on a top-level field with a plain operand, alone or as
 * one part of a top-level $and. Dotted fields are not indexed.
 * <p>
 * Changed only by writes, which run alone (see {@link SerializedBackend}); read by finds side by side.
 */
final class SecondaryIndex extends Index<Object> {

    private static final String ID = "_id";
    private static final Set<String> RANGE_OPERATORS = Set.of("$gt", "$gte", "$lt", "$lte", "$eq");

    /** Null for a dotted (or otherwise unsupported) first key: the index then holds and serves nothing. */
    private final String field;
    private final NavigableMap<Key, Set<Object>> byValue = new TreeMap<>();
    /** Positions of documents whose value is not a plain scalar: candidates for every query. */
    private final Set<Object> always = new HashSet<>();
    private long count;

    SecondaryIndex(String name, List<IndexKey> keys) {
        super(name, keys, true); // reported as before: the library listed secondary indexes as sparse
        String first = keys.getFirst().getKey();
        this.field = first.contains(".") || first.startsWith("$") ? null : first;
    }

    @Override
    public Object getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        if (field == null || position == null) {
            return;
        }
        Key key = Key.of(document.getOrMissing(field));
        boolean added = key == null ? always.add(position) : byValue.computeIfAbsent(key, k -> new HashSet<>()).add(position);
        if (added) {
            count++;
        }
    }

    @Override
    public Object remove(Document document) {
        Object position = document.get(ID);
        if (field == null || position == null) {
            return null;
        }
        Key key = Key.of(document.getOrMissing(field));
        boolean removed;
        if (key == null) {
            removed = always.remove(position);
        } else {
            Set<Object> positions = byValue.get(key);
            removed = positions != null && positions.remove(position);
            if (positions != null && positions.isEmpty()) {
                byValue.remove(key);
            }
        }
        if (removed) {
            count--;
            return position;
        }
        return null;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
                              MongoCollection<Object> collection) {
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    @Override
    public boolean canHandle(Document query) {
        return field != null && condition(query) != null;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        Object condition = condition(query);
        Set<Object> candidates = new LinkedHashSet<>(always);
        if (condition instanceof Document range) {
            Key lower = null;
            Key upper = null;
            boolean lowerInclusive = true;
            boolean upperInclusive = true;
            for (Map.Entry<String, Object> bound : range.entrySet()) {
                Key value = Key.of(bound.getValue());
                switch (bound.getKey()) {
                    case "$gt", "$gte" -> {
                        if (lower == null || value.compareTo(lower) > 0) {
                            lower = value;
                            lowerInclusive = bound.getKey().equals("$gte");
                        }
                    }
                    case "$lt", "$lte" -> {
                        if (upper == null || value.compareTo(upper) < 0) {
                            upper = value;
                            upperInclusive = bound.getKey().equals("$lte");
                        }
                    }
                    default -> { // $eq
                        lower = value;
                        upper = value;
                    }
                }
            }
            if (lower != null && upper != null && lower.compareTo(upper) > 0) {
                return new ArrayList<>(candidates); // an empty range
            }
            Key kind = lower != null ? lower : upper;
            NavigableMap<Key, Set<Object>> slice = byValue.subMap(
                lower != null ? lower : Key.lowest(kind.kind()), lower == null || lowerInclusive,
                upper != null ? upper : Key.highest(kind.kind()), upper == null || upperInclusive);
            slice.values().forEach(candidates::addAll);
        } else {
            Set<Object> equal = byValue.get(Key.of(condition));
            if (equal != null) {
                candidates.addAll(equal);
            }
        }
        return new ArrayList<>(candidates); // a copy: the sets change with the next write
    }

    /**
     * What the query asks of the field, if the index can narrow it: a plain operand (equality) or a document of
     * range operators with plain operands of one kind; null otherwise.
     */
    private Object condition(Document query) {
        Object direct = usable(query.get(field));
        if (direct != null) {
            return direct;
        }
        if (query.get("$and") instanceof List<?> parts) {
            for (Object part : parts) {
                if (part instanceof Document conjunct && conjunct.size() == 1 && usable(conjunct.get(field)) != null) {
                    return usable(conjunct.get(field));
                }
            }
        }
        return null;
    }

    private static Object usable(Object condition) {
        if (condition == null) {
            return null;
        }
        if (!(condition instanceof Document operators)) {
            return Key.of(condition) != null ? condition : null;
        }
        if (operators.isEmpty() || !RANGE_OPERATORS.containsAll(operators.keySet())) {
            return null;
        }
        Integer kind = null;
        for (Object operand : operators.values()) {
            Key key = Key.of(operand);
            if (key == null || (kind != null && kind != key.kind())) {
                return null;
            }
            kind = key.kind();
        }
        return operators;
    }

    @Override
    public long getCount() {
        return count;
    }

    @Override
    public long getDataSize() {
        return count;
    }

    @Override
    public void drop() {
        byValue.clear();
        always.clear();
        count = 0;
    }

    /**
     * A plain scalar in index order: by kind, then by value. Numbers are ints and doubles compared as doubles
     * (exact for both; -0.0 is 0.0), as the library compares them; other values get no key.
     */
    private record Key(int kind, Comparable<Object> value, int edge) implements Comparable<Key> {

        private static final int NUMBER = 0;
        private static final int STRING = 1;
        private static final int DATE = 2;

        @SuppressWarnings("unchecked")
        static Key of(Object value) {
            return switch (value) {
                case Integer i -> new Key(NUMBER, (Comparable<Object>) (Comparable<?>) i.doubleValue(), 0);
                case Double d when !d.isNaN() ->
                    new Key(NUMBER, (Comparable<Object>) (Comparable<?>) (d == 0.0 ? 0.0 : d), 0);
                case String s -> new Key(STRING, (Comparable<Object>) (Comparable<?>) s, 0);
                case Instant t -> new Key(DATE, (Comparable<Object>) (Comparable<?>) t, 0);
                case null, default -> null;
            };
        }

        /** Below every key of the kind. */
        static Key lowest(int kind) {
            return new Key(kind, null, -1);
        }

        /** Above every key of the kind. */
        static Key highest(int kind) {
            return new Key(kind, null, 1);
        }

        @Override
        public int compareTo(Key other) {
            if (kind != other.kind) {
                return Integer.compare(kind, other.kind);
            }
            if (edge != 0 || other.edge != 0) {
                return Integer.compare(edge, other.edge);
            }
            return value.compareTo(other.value);
        }
    }
}
