package io.heliobase.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.FindOptions;
import io.heliobase.core.query.Predicate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replaces pointers named by {@code include} paths with the objects they point at, fetched with the caller's own
 * rights. One query per (level, class) with an objectId list, and every fetch of one level runs in parallel: Parse
 * Server resolved includes one after another for years (PROTOCOL.md §8).
 */
final class Includes {
    private final DataService data;
    private final int maxCount;
    private final int maxDepth;

    Includes(DataService data, int maxCount, int maxDepth) {
        this.data = data;
        this.maxCount = maxCount;
        this.maxDepth = maxDepth;
    }

    /** A tree of include paths: "post.author" gives post → author. */
    static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
    }

    Node tree(List<String> paths) {
        if (paths.size() > maxCount) {
            throw ParseException.invalidQuery("include has " + paths.size() + " paths; the limit is " + maxCount
                    + " (maxIncludeCount)");
        }
        Node root = new Node();
        for (String path : paths) {
            String[] parts = path.split("\\.");
            if (parts.length > maxDepth) {
                throw ParseException.invalidQuery("include path " + path + " is deeper than " + maxDepth
                        + " (maxIncludeDepth)");
            }
            Node node = root;
            for (String part : parts) {
                node = node.children.computeIfAbsent(part, k -> new Node());
            }
        }
        return root;
    }

    void resolve(Caller caller, List<ObjectNode> objects, Node tree, boolean includeAll) {
        if (includeAll) {
            for (ObjectNode object : objects) {
                object.properties().forEach(e -> {
                    if (isPointer(e.getValue()) || isPointerArray(e.getValue())) {
                        tree.children.computeIfAbsent(e.getKey(), k -> new Node());
                    }
                });
            }
        }
        tree.children.remove("*");
        if (tree.children.isEmpty() || objects.isEmpty()) {
            return;
        }
        Map<String, Set<String>> wanted = new HashMap<>();
        for (ObjectNode object : objects) {
            for (String field : tree.children.keySet()) {
                forEachPointer(object.get(field), p -> wanted
                        .computeIfAbsent(p.path("className").asText(), k -> new LinkedHashSet<>())
                        .add(p.path("objectId").asText()));
            }
        }
        Map<String, Map<String, ObjectNode>> fetched = fetchAll(caller, wanted);
        Map<String, List<ObjectNode>> includedByField = new HashMap<>();
        for (ObjectNode object : objects) {
            for (String field : tree.children.keySet()) {
                JsonNode value = object.get(field);
                List<ObjectNode> included = includedByField.computeIfAbsent(field, k -> new ArrayList<>());
                if (isPointer(value)) {
                    ObjectNode target = lookup(fetched, value);
                    if (target != null) {
                        object.set(field, target);
                        included.add(target);
                    } else {
                        object.remove(field); // deleted or unreadable: dropped, as Parse Server does
                    }
                } else if (value instanceof ArrayNode array) {
                    for (int i = array.size() - 1; i >= 0; i--) {
                        if (!isPointer(array.get(i))) {
                            continue;
                        }
                        ObjectNode target = lookup(fetched, array.get(i));
                        if (target != null) {
                            array.set(i, target);
                            included.add(target);
                        } else {
                            array.remove(i);
                        }
                    }
                }
            }
        }
        tree.children.forEach((field, child) -> resolve(caller, includedByField.getOrDefault(field, List.of()),
                child, false));
    }

    private static ObjectNode lookup(Map<String, Map<String, ObjectNode>> fetched, JsonNode pointer) {
        ObjectNode found = fetched.getOrDefault(pointer.path("className").asText(), Map.of())
                .get(pointer.path("objectId").asText());
        if (found == null) {
            return null;
        }
        ObjectNode included = Json.object().put("__type", "Object").put("className", pointer.path("className").asText());
        included.setAll(found.deepCopy());
        return included;
    }

    private Map<String, Map<String, ObjectNode>> fetchAll(Caller caller, Map<String, Set<String>> wanted) {
        Map<String, Map<String, ObjectNode>> fetched = new HashMap<>();
        if (wanted.size() == 1) {
            var only = wanted.entrySet().iterator().next();
            fetched.put(only.getKey(), fetch(caller, only.getKey(), only.getValue()));
            return fetched;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Map<String, ObjectNode>>> futures = new HashMap<>();
            wanted.forEach((cls, ids) -> futures.put(cls, pool.submit(() -> fetch(caller, cls, ids))));
            for (var e : futures.entrySet()) {
                fetched.put(e.getKey(), e.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
        return fetched;
    }

    private Map<String, ObjectNode> fetch(Caller caller, String className, Set<String> ids) {
        List<JsonNode> idValues = new ArrayList<>();
        ids.forEach(id -> idValues.add(Json.mapper().getNodeFactory().textNode(id)));
        Predicate where = new Predicate.Field("objectId", new Constraint.In(idValues, false));
        FindOptions options = new FindOptions(ids.size(), 0, List.of(), null, Set.of(), List.of(), false, false,
                null, false);
        Map<String, ObjectNode> byId = new HashMap<>();
        try {
            for (ObjectNode object : data.findResolved(caller, className, where, options)) {
                byId.put(object.path("objectId").asText(), object);
            }
        } catch (ParseException denied) {
            // a class the caller may not read stays a plain pointer, as in Parse
        }
        return byId;
    }

    private static void forEachPointer(JsonNode value, java.util.function.Consumer<JsonNode> action) {
        if (isPointer(value)) {
            action.accept(value);
        } else if (value != null && value.isArray()) {
            value.forEach(item -> {
                if (isPointer(item)) {
                    action.accept(item);
                }
            });
        }
    }

    private static boolean isPointer(JsonNode value) {
        return value != null && value.isObject() && "Pointer".equals(value.path("__type").asText());
    }

    private static boolean isPointerArray(JsonNode value) {
        if (value == null || !value.isArray() || value.isEmpty()) {
            return false;
        }
        for (JsonNode item : value) {
            if (!isPointer(item)) {
                return false;
            }
        }
        return true;
    }
}
