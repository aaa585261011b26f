package io.heliobase.server.storage.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with {@link StoreCollection} as its collection: the same maps in the same file
 * (an existing data file opens unchanged), but sorted queries run without the library's per-comparison path
 * parsing and concurrent finds on one collection are not serialized by the collection's monitor.
 */
final class StoreBackend extends H2Backend {

    /** The map names of mongo-java-server 1.47.0's {@code H2Database}; changing them would orphan stored data. */
    private static final String DATA_MAP_PREFIX = "databases.";
    private static final String META_MAP_PREFIX = "meta.";

    StoreBackend(MVStore mvStore) {
        super(mvStore);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /**
     * An inner class on purpose: H2Database's constructor already opens the stored collections, before a
     * subclass's own fields are set, and the outer instance (with its MVStore) is the one thing available then.
     */
    private final class Database extends H2Database {

        Database(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVStore mvStore = getMvStore();
            MVMap<Object, Document> dataMap = mvStore.openMap(DATA_MAP_PREFIX + fullName);
            MVMap<String, Object> metaMap = mvStore.openMap(META_MAP_PREFIX + fullName);
            return new StoreCollection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
        }
    }
}
