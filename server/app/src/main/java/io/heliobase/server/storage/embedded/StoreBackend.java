package io.heliobase.server.storage.embedded;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with {@link StoreCollection} as its collection, {@link BsonValues} as the
 * encoding of its documents and {@link IndexKeys} for unique index keys: an existing data file opens as it is,
 * but sorted queries run without the library's per-comparison path parsing, concurrent finds on one collection
 * are not serialized by the collection's monitor, commits encode documents as BSON instead of Java
 * serialization, and index lookups compare keys without serializing them.
 */
final class StoreBackend extends H2Backend {

    /** The map names of mongo-java-server 1.47.0's {@code H2Database}; changing them would orphan stored data. */
    private static final String DATA_MAP_PREFIX = "databases.";
    private static final String META_MAP_PREFIX = "meta.";
    /** The library names an index's map "<db>.<collection>._index_<name>"; ours differ only in the infix. */
    private static final String LEGACY_INDEX_MAP_INFIX = "._index_";
    private static final String INDEX_MAP_INFIX = "._keys_";
    private static final IndexKeys INDEX_KEYS = new IndexKeys();
    /** Raw type: H2's builder wants a DataType of the map's value type, the codec also takes non-documents. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final org.h2.mvstore.type.DataType<Document> DOCUMENTS = (org.h2.mvstore.type.DataType) new BsonValues();

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

        /**
         * Unique indexes keep their keys with {@link IndexKeys}, under a map name of their own: a map of the
         * library's name (written with H2's default key order) is copied over once and removed.
         */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            MVStore mvStore = getMvStore();
            String collection = getFullCollectionNamespace(collectionName);
            MVMap<KeyValue, Object> map = mvStore.openMap(collection + INDEX_MAP_INFIX + indexName,
                new MVMap.Builder<KeyValue, Object>().keyType(INDEX_KEYS));
            String legacyName = collection + LEGACY_INDEX_MAP_INFIX + indexName;
            if (mvStore.hasMap(legacyName)) {
                MVMap<KeyValue, Object> legacy = mvStore.openMap(legacyName);
                if (map.isEmpty()) {
                    legacy.forEach(map::put);
                }
                mvStore.removeMap(legacy);
            }
            return new StoreUniqueIndex(map, indexName, keys, sparse);
        }

        /** The library builds no non-unique index; this one narrows queries to candidates (see SecondaryIndex). */
        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                           List<IndexKey> keys, boolean sparse) {
            return new SecondaryIndex(indexName, keys);
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName); // also removes a map of the library's name, if one is left
            getMvStore().removeMap(getFullCollectionNamespace(collection.getCollectionName()) + INDEX_MAP_INFIX + indexName);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVStore mvStore = getMvStore();
            MVMap<Object, Document> dataMap = mvStore.openMap(DATA_MAP_PREFIX + fullName,
                new MVMap.Builder<Object, Document>().valueType(DOCUMENTS));
            MVMap<String, Object> metaMap = mvStore.openMap(META_MAP_PREFIX + fullName);
            return new StoreCollection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
        }
    }
}
