package io.heliobase.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies {@code keys} and {@code excludeKeys}; dot paths reach into included objects. */
final class Projection {
    private static final Set<String> ALWAYS = Set.of("objectId", "createdAt", "updatedAt", "ACL", "__type",
            "className");

    private Projection() {
    }

    static void apply(ObjectNode object, Set<String> keys, Set<String> excludeKeys) {
        if (keys != null) {
            keep(object, keys);
        }
        for (String path : excludeKeys) {
            exclude(object, path);
        }
    }

    private static void keep(ObjectNode object, Set<String> paths) {
        Map<String, Set<String>> byRoot = new HashMap<>();
        for (String path : paths) {
            int dot = path.indexOf('.');
            String root = dot < 0 ? path : path.substring(0, dot);
            Set<String> sub = byRoot.computeIfAbsent(root, k -> new HashSet<>());
            if (dot >= 0) {
                sub.add(path.substring(dot + 1));
            }
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (ALWAYS.contains(name)) {
                continue;
            }
            Set<String> sub = byRoot.get(name);
            if (sub == null) {
                object.remove(name);
            } else if (!sub.isEmpty() && object.get(name) instanceof ObjectNode nested
                    && "Object".equals(nested.path("__type").asText())) {
                keep(nested, sub);
            }
        }
    }

    private static void exclude(ObjectNode object, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            if (!path.equals("objectId")) {
                object.remove(path);
            }
            return;
        }
        JsonNode nested = object.get(path.substring(0, dot));
        if (nested instanceof ObjectNode child) {
            exclude(child, path.substring(dot + 1));
        }
    }
}
