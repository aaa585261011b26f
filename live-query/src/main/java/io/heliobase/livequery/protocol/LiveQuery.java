package io.heliobase.livequery.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Predicate;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One subscription's query: the class, the where clause (parsed, and as sent) and the optional {@code keys}
 * projection and {@code watch} list (empty = all fields).
 *
 * <p>Equality, and so grouping in the subscription index, is by {@code className}, {@code rawWhere} (JSON equality,
 * which ignores key order), {@code keys} and {@code watch}; {@code where} is derived from {@code rawWhere} and left
 * out because some predicates hold arrays, which records compare by identity. {@code keys} and {@code watch} are
 * stored sorted and without duplicates since their order means nothing, and {@code rawWhere} is copied so later
 * changes by the caller cannot corrupt the index.
 */
public record LiveQuery(String className, Predicate where, JsonNode rawWhere, List<String> keys, List<String> watch,
                        List<String> include) {

    public LiveQuery {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(where, "where");
        rawWhere = rawWhere == null ? Json.object() : rawWhere.deepCopy();
        keys = canonical(keys);
        watch = canonical(watch);
        include = canonical(include);
    }

    public LiveQuery(String className, Predicate where, JsonNode rawWhere, List<String> keys, List<String> watch) {
        this(className, where, rawWhere, keys, watch, List.of());
    }

    private static List<String> canonical(List<String> names) {
        return names == null ? List.of() : List.copyOf(new TreeSet<>(names));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LiveQuery q && className.equals(q.className) && rawWhere.equals(q.rawWhere)
                && keys.equals(q.keys) && watch.equals(q.watch) && include.equals(q.include);
    }

    @Override
    public int hashCode() {
        return Objects.hash(className, rawWhere, keys, watch, include);
    }
}
