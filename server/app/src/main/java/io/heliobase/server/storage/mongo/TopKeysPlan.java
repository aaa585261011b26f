package io.heliobase.server.storage.mongo;

import com.mongodb.client.FindIterable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A plan for sorted, limited finds on the embedded store, which sorts every matching document with a slow
 * comparator before it applies the limit. Here the store returns only the ids and sort keys of the matches, Java
 * sorts them in MongoDB's order and keeps the page, and the page's documents are fetched by id. Used only when every
 * sort value is a scalar (number, string, date, boolean, null or missing) whose order is certain; otherwise the store
 * sorts as usual.
 */
final class TopKeysPlan {
    private TopKeysPlan() {
    }

    /** The ids of the requested page, in order; empty when some sort value is not a plain scalar. */
    static Optional<List<Object>> pageIds(FindIterable<Document> keysOnly, Document sort, int skip, int limit) {
        List<Document> rows = new ArrayList<>();
        for (Document row : keysOnly) {
            for (String key : sort.keySet()) {
                if (!isScalar(value(row, key))) {
                    return Optional.empty();
                }
            }
            rows.add(row);
        }
        Comparator<Document> order = null;
        for (Map.Entry<String, Object> e : sort.entrySet()) {
            String key = e.getKey();
            Comparator<Document> byKey = (a, b) -> compare(value(a, key), value(b, key));
            if (((Number) e.getValue()).intValue() < 0) {
                byKey = byKey.reversed();
            }
            order = order == null ? byKey : order.thenComparing(byKey);
        }
        rows.sort(order.thenComparing((a, b) -> compare(a.get("_id"), b.get("_id"))));
        List<Object> ids = new ArrayList<>();
        for (int i = skip; i < rows.size() && ids.size() < limit; i++) {
            ids.add(rows.get(i).get("_id"));
        }
        return Optional.of(ids);
    }

    /** A dotted path's value, or null when missing (MongoDB sorts missing and null together, first). */
    private static Object value(Document row, String path) {
        Object current = row;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Document doc)) {
                return null;
            }
            current = doc.get(part);
        }
        return current;
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof Number || value instanceof String || value instanceof Date
                || value instanceof Boolean || value instanceof ObjectId;
    }

    /** MongoDB's order across the scalar types: null < numbers < strings < ObjectId < booleans < dates. */
    private static int rank(Object value) {
        return switch (value) {
            case null -> 0;
            case Number n -> 1;
            case String s -> 2;
            case ObjectId o -> 3;
            case Boolean b -> 4;
            case Date d -> 5;
            default -> throw new IllegalStateException("not a scalar: " + value.getClass());
        };
    }

    static int compare(Object a, Object b) {
        int byType = Integer.compare(rank(a), rank(b));
        if (byType != 0 || a == null) {
            return byType;
        }
        return switch (a) {
            case Number n -> Double.compare(n.doubleValue(), ((Number) b).doubleValue());
            case String s -> s.compareTo((String) b);
            case ObjectId o -> o.compareTo((ObjectId) b);
            case Boolean bool -> Boolean.compare(bool, (Boolean) b);
            case Date d -> d.compareTo((Date) b);
            default -> 0;
        };
    }
}
