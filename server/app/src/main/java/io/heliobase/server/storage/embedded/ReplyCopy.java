package io.heliobase.server.storage.embedded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Deep copies of reply documents. The library's replies can share objects with the stored
 * documents; the copy is taken under the command lock so the wire encoder, which runs after the
 * lock is released, never reads a document another command is modifying.
 */
final class ReplyCopy {

    private ReplyCopy() {
    }

    static Document of(Document document) {
        if (document == null) {
            return null;
        }
        Document copy = new Document();
        for (Map.Entry<String, Object> entry : document.entrySet()) {
            copy.put(entry.getKey(), value(entry.getValue()));
        }
        return copy;
    }

    static List<Document> ofAll(Iterable<Document> documents) {
        List<Document> copies = new ArrayList<>();
        for (Document document : documents) {
            copies.add(of(document));
        }
        return copies;
    }

    private static Object value(Object value) {
        if (value instanceof Document document) {
            return of(document);
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, nested) -> copy.put(key, value(nested)));
            return copy;
        } else if (value instanceof Set<?> set) {
            Set<Object> copy = new LinkedHashSet<>();
            set.forEach(element -> copy.add(value(element)));
            return copy;
        } else if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            collection.forEach(element -> copy.add(value(element)));
            return copy;
        } else if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        // Strings, numbers, ObjectId, Instant, BinData, ...: immutable or replaced, never mutated in place.
        return value;
    }
}
