package io.heliobase.server.storage.embedded;

import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.IndexNotFoundException;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

/**
 * Scopes {@code dropIndexes} to the named collection. mongo-java-server 1.47.0 deletes index
 * descriptions by name across the whole database when dropping by name or with {@code "*"}, so an
 * index of another collection vanishes from {@code listIndexes} and is not rebuilt after restart.
 * Dropping by key pattern is scoped correctly by the library, so every form is rewritten into
 * drops by key pattern of indexes that belong to the named collection.
 */
final class DropIndexesGuard {

    private static final String ID_INDEX = "_id_";
    private static final int INVALID_OPTIONS = 72;

    private DropIndexesGuard() {
    }

    static boolean handles(String command) {
        return command.equalsIgnoreCase("dropIndexes");
    }

    /** Runs the command against the backend; the caller holds the command lock. */
    static Document dropIndexes(MongoBackend backend, Channel channel, String database, String command, Document query) {
        Object index = query.get("index");
        if (index == null || index instanceof Document) {
            return backend.handleCommand(channel, database, command, query);
        }
        String collection = String.valueOf(query.get(command));
        List<Document> existing = listIndexes(backend, channel, database, collection);
        if (existing.isEmpty()) {
            return backend.handleCommand(channel, database, command, query); // no such collection: library behaviour
        }
        for (Document description : selectIndexes(existing, index)) {
            Document byKey = new Document(query);
            byKey.put("index", description.get("key"));
            backend.handleCommand(channel, database, command, byKey);
        }
        return new Document("nIndexesWas", existing.size()).append("ok", 1.0);
    }

    private static List<Document> selectIndexes(List<Document> existing, Object index) {
        if ("*".equals(index)) {
            return existing.stream().filter(description -> !ID_INDEX.equals(description.get("name"))).toList();
        }
        List<Document> selected = new ArrayList<>();
        for (Object name : index instanceof List<?> names ? names : List.of(String.valueOf(index))) {
            if (ID_INDEX.equals(name)) {
                throw new MongoServerError(INVALID_OPTIONS, "InvalidOptions", "cannot drop _id index");
            }
            selected.add(existing.stream()
                .filter(description -> description.get("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new IndexNotFoundException("index not found with name [" + name + "]")));
        }
        return selected;
    }

    @SuppressWarnings("unchecked")
    private static List<Document> listIndexes(MongoBackend backend, Channel channel, String database, String collection) {
        Document reply = backend.handleCommand(channel, database, "listIndexes", new Document("listIndexes", collection));
        Document cursor = (Document) reply.get("cursor");
        return (List<Document>) cursor.get("firstBatch");
    }
}
