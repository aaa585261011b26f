package io.heliobase.server.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/** mongo-java-server 1.47.0 dropped a same-named index from every collection; the store scopes it. */
class EmbeddedStoreDropIndexesTest {

    @TempDir
    Path dataDir;

    @Test
    void droppingAnIndexByNameLeavesTheSameNameOnOtherCollections() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoDatabase db = createUsersAndPostsWithSameIndexName(client);

            db.getCollection("posts").dropIndex("by_name");

            assertThat(indexNames(db, "posts")).containsExactly("_id_");
            assertThat(indexNames(db, "users")).containsExactlyInAnyOrder("_id_", "by_name");
        }
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoDatabase db = client.getDatabase("app");
            assertThat(indexNames(db, "users")).as("after restart").containsExactlyInAnyOrder("_id_", "by_name");
            db.getCollection("users").insertOne(new Document("name", "dup"));
            assertThatThrownBy(() -> db.getCollection("users").insertOne(new Document("name", "ann")))
                .as("unique index still enforced after restart")
                .isInstanceOf(MongoWriteException.class)
                .hasMessageContaining("E11000");
        }
    }

    @Test
    void droppingAllIndexesOnlyTouchesTheNamedCollection() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoDatabase db = createUsersAndPostsWithSameIndexName(client);
            db.getCollection("posts").createIndex(Indexes.ascending("title"));

            db.getCollection("posts").dropIndexes();

            assertThat(indexNames(db, "posts")).containsExactly("_id_");
            assertThat(indexNames(db, "users")).containsExactlyInAnyOrder("_id_", "by_name");
        }
    }

    @Test
    void droppingByKeyPatternStillWorks() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoDatabase db = createUsersAndPostsWithSameIndexName(client);

            db.getCollection("users").dropIndex(Indexes.ascending("name"));

            assertThat(indexNames(db, "users")).containsExactly("_id_");
            assertThat(indexNames(db, "posts")).containsExactlyInAnyOrder("_id_", "by_name");
        }
    }

    @Test
    void droppingAnUnknownNameOrTheIdIndexFailsLikeMongoDb() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoDatabase db = createUsersAndPostsWithSameIndexName(client);

            assertThatThrownBy(() -> db.getCollection("posts").dropIndex("no_such_index"))
                .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(27))
                .hasMessageContaining("index not found with name [no_such_index]");
            assertThatThrownBy(() -> db.getCollection("posts").dropIndex("_id_"))
                .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(72));
            assertThat(indexNames(db, "posts")).containsExactlyInAnyOrder("_id_", "by_name");
        }
    }

    private static MongoDatabase createUsersAndPostsWithSameIndexName(MongoClient client) {
        MongoDatabase db = client.getDatabase("app");
        db.getCollection("users").createIndex(Indexes.ascending("name"), new IndexOptions().name("by_name").unique(true));
        db.getCollection("posts").createIndex(Indexes.ascending("author"), new IndexOptions().name("by_name"));
        db.getCollection("users").insertOne(new Document("name", "ann"));
        db.getCollection("posts").insertOne(new Document("author", "ann"));
        return db;
    }

    private static List<String> indexNames(MongoDatabase db, String collection) {
        return db.getCollection(collection).listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());
    }
}
