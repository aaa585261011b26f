package io.heliobase.server.storage.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A query split into conditions decided here and the rest, left to the library's matcher.
 * <p>
 * The library's matcher parses every key's path with a regular expression for every document it looks at; for a
 * condition on a top-level field with a plain operand (an int, double, string, date or boolean; equality or
 * $eq/$gt/$gte/$lt/$lte) this decides the same thing directly, with the library's own rules: equality of
 * normalised values (numbers as doubles, -0.0 as 0.0), and comparisons only between numbers or between values of
 * one class, in {@link ValueComparator}'s order. A document whose field holds anything else (an array, a
 * sub-document, a long, a decimal, ...) goes to the library's matcher whole.
 */
final class QueryPlan {

    private static final Set<String> OPERATORS = Set.of("$eq", "$gt", "$gte", "$lt", "$lte");

    private final Document query;
    private final List<Condition> conditions;
    /** The keys not decided here, or null when there are none. */
    private final Document rest;

    private QueryPlan(Document query, List<Condition> conditions, Document rest) {
        this.query = query;
        this.conditions = conditions;
        this.rest = rest;
    }

    static QueryPlan of(Document query) {
        List<Condition> conditions = new ArrayList<>();
        Document rest = new Document();
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String field = entry.getKey();
            Condition condition = field.isEmpty() || field.contains(".") || field.startsWith("$")
                ? null
                : Condition.of(field, entry.getValue());
            if (condition == null) {
                rest.put(field, entry.getValue());
            } else {
                conditions.add(condition);
            }
        }
        return new QueryPlan(query, conditions, rest.isEmpty() ? null : rest);
    }

    boolean isFor(Document other) {
        return query == other;
    }

    /** Whether the document matches; {@code library} is the library's matcher for a (partial) query. */
    boolean matches(Document document, BiPredicate<Document, Document> library) {
        for (Condition condition : conditions) {
            Object value = document.getOrMissing(condition.field());
            if (!isPlain(value)) {
                return library.test(document, query);
            }
            if (!condition.test().test(value)) {
                return false;
            }
        }
        return rest == null || library.test(document, rest);
    }

    private static boolean isPlain(Object value) {
        return value == null || value instanceof Missing || isPlainOperand(value);
    }

    private static boolean isPlainOperand(Object value) {
        return value instanceof Integer || value instanceof Double || value instanceof String
            || value instanceof Instant || value instanceof Boolean;
    }

    /** A condition on one top-level field; its test sees only plain values, null or Missing. */
    private record Condition(String field, Predicate<Object> test) {

        static Condition of(String field, Object condition) {
            if (isPlainOperand(condition)) {
                return new Condition(field, value -> equal(value, condition));
            }
            if (!(condition instanceof Document operators) || operators.isEmpty()
                || !OPERATORS.containsAll(operators.keySet())
                || !operators.values().stream().allMatch(QueryPlan::isPlainOperand)) {
                return null;
            }
            Predicate<Object> test = value -> true;
            for (Map.Entry<String, Object> operator : operators.entrySet()) {
                Object operand = operator.getValue();
                Predicate<Object> one = switch (operator.getKey()) {
                    case "$eq" -> value -> equal(value, operand);
                    case "$gt" -> value -> comparable(value, operand) && ValueComparator.asc().compare(value, operand) > 0;
                    case "$gte" -> value -> comparable(value, operand) && ValueComparator.asc().compare(value, operand) >= 0;
                    case "$lt" -> value -> comparable(value, operand) && ValueComparator.asc().compare(value, operand) < 0;
                    default -> value -> comparable(value, operand) && ValueComparator.asc().compare(value, operand) <= 0;
                };
                test = test.and(one);
            }
            return new Condition(field, test);
        }

        /** The library's equality for a plain operand: normalised numbers, else equal values of one class. */
        private static boolean equal(Object value, Object operand) {
            if (value == null || value instanceof Missing) {
                return false;
            }
            if (value instanceof Number number && operand instanceof Number other) {
                return Double.valueOf(normalized(number)).equals(normalized(other));
            }
            return value.equals(operand);
        }

        private static double normalized(Number number) {
            double value = number.doubleValue();
            return value == -0.0 ? 0.0 : value; // true for 0.0 too: both become +0.0
        }

        /** The library compares numbers with numbers and otherwise only values of one class; never null. */
        private static boolean comparable(Object value, Object operand) {
            if (value == null || value instanceof Missing) {
                return false;
            }
            return value instanceof Number && operand instanceof Number || value.getClass() == operand.getClass();
        }
    }
}
