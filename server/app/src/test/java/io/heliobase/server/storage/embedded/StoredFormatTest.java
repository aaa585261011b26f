package io.heliobase.server.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Documents and unique-index keys are stored as BSON and keys compare without serialization; values of other
 * types, and files written with the library's own encoding, still work.
 */
class StoredFormatTest {

    @TempDir
    Path dataDir;

    @Test
    void everyBsonTypeTheStoreKeepsComesBackEqualAndInOrder() {
        Document document = new Document("_id", "abc1234567")
            .append("int", 42).append("long", 1L << 40).append("double", 2.5).append("text", "héllo ✓")
            .append("flag", true).append("nothing", null).append("when", Instant.parse("2026-11-30T12:00:00.123Z"))
            .append("decimal", new Decimal128(1L, 2L)).append("oid", new ObjectId())
            .append("bytes", new BinData(new byte[] {1, 2, 3}))
            .append("list", List.of(1, "two", new Document("three", 3)))
            .append("nested", new Document("b", 1).append("a", new Document("deep", List.of())));

        Object read = roundTrip(document);

        assertThat(read).isEqualTo(document);
        assertThat(((Document) read).keySet()).containsExactlyElementsOf(document.keySet());
        assertThat(firstByte(document)).as("written as BSON").isEqualTo((byte) 0xB5);
    }

    @Test
    void valuesThatAreNotDocumentsKeepH2sEncoding() {
        assertThat(roundTrip(12345L)).isEqualTo(12345L);
        assertThat(roundTrip("text")).isEqualTo("text");
        Document withJavaOnlyValue = new Document("set", new java.util.HashSet<>(List.of("x")))
            .append("date", new java.util.Date(0));
        assertThat(roundTrip(withJavaOnlyValue)).isEqualTo(withJavaOnlyValue);
        assertThat(firstByte(withJavaOnlyValue)).as("H2's serialized-object tag").isEqualTo((byte) 19);
    }

    @Test
    void aFileWrittenByTheLibrarysEncodingOpensReadsAndTakesNewWrites() {
        String file = dataDir.resolve(DataFile.FILE_NAME).toString();
        MongoServer library = StoreClients.libraryStore(new H2Backend(MVStore.open(file)));
        try (MongoClient client = StoreClients.connect(StoreClients.connectionString(library))) {
            var notes = client.getDatabase("app").getCollection("notes");
            notes.createIndex(new org.bson.Document("code", 1), new com.mongodb.client.model.IndexOptions().unique(true));
            for (int i = 0; i < 50; i++) {
                notes.insertOne(new org.bson.Document("_id", "old" + i).append("n", i).append("code", "c" + i));
            }
        } finally {
            library.shutdownNow();
        }

        for (int restart = 0; restart < 2; restart++) {
            try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
                 MongoClient client = StoreClients.connect(store.connectionString())) {
                var notes = client.getDatabase("app").getCollection("notes");
                if (restart == 0) {
                    notes.updateOne(Filters.eq("_id", "old7"), Updates.set("n", 700));
                    notes.insertOne(new org.bson.Document("_id", "new1").append("n", 1000));
                }
                assertThatThrownBy(() -> notes.insertOne(new org.bson.Document("_id", "old3").append("n", -1)))
                    .as("the _id index came over").hasMessageContaining("E11000");
                String newId = "x" + restart;
                assertThatThrownBy(() -> notes.insertOne(new org.bson.Document("_id", newId).append("code", "c9")))
                    .as("the unique index on code came over").hasMessageContaining("E11000");
                List<Integer> values = new ArrayList<>();
                notes.find().sort(new org.bson.Document("n", 1)).forEach(d -> values.add(d.getInteger("n")));
                assertThat(values).hasSize(51).contains(700, 1000).doesNotContain(7);
            }
        }
        MVStore file2 = MVStore.open(file);
        try {
            assertThat(file2.getMapNames()).noneMatch(name -> name.contains("._index_"))
                .anyMatch(name -> name.endsWith("notes._keys_code_1"));
        } finally {
            file2.close();
        }
    }

    @Test
    void aStoppedStoresFileCompactedWithH2sToolStillOpens() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            var notes = client.getDatabase("app").getCollection("notes");
            for (int i = 0; i < 200; i++) {
                notes.insertOne(new org.bson.Document("_id", "n" + i).append("text", "note " + i));
            }
            notes.deleteMany(Filters.regex("_id", "^n1"));
        }
        org.h2.mvstore.MVStoreTool.compact(dataDir.resolve(DataFile.FILE_NAME).toString(), false);

        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            var notes = client.getDatabase("app").getCollection("notes");
            assertThat(notes.countDocuments()).isEqualTo(89);
            assertThat(notes.find(Filters.eq("_id", "n42")).first().getString("text")).isEqualTo("note 42");
            assertThatThrownBy(() -> notes.insertOne(new org.bson.Document("_id", "n42")))
                .hasMessageContaining("E11000");
        }
    }

    @Test
    void indexKeysCompareByClassThenValueAndRoundTrip() {
        IndexKeys keys = new IndexKeys();
        KeyValue a = new KeyValue("a");
        assertThat(keys.compare(a, new KeyValue("a"))).isZero();
        assertThat(keys.compare(a, new KeyValue("b"))).isNegative();
        assertThat(keys.compare(new KeyValue(2), new KeyValue(10))).isNegative();
        assertThat(keys.compare(new KeyValue(1), new KeyValue(1L))).as("an int and a long are different keys").isNotZero();
        assertThat(keys.compare(new KeyValue((Object) null), new KeyValue("x"))).isNegative();
        assertThat(keys.compare(new KeyValue("x", 1), new KeyValue("x", 2))).isNegative();
        assertThat(keys.compare(new KeyValue(new Document("a", 1)), new KeyValue(new Document("a", 1)))).isZero();
        assertThat(keys.compare(new KeyValue(new Document("a", 1)), new KeyValue(new Document("a", 2))))
            .isEqualTo(-keys.compare(new KeyValue(new Document("a", 2)), new KeyValue(new Document("a", 1))))
            .isNotZero();

        for (KeyValue key : List.of(new KeyValue("abc", 3, 4L, 2.5), new KeyValue(Instant.EPOCH), new KeyValue(Missing.getInstance()))) {
            WriteBuffer buffer = new WriteBuffer();
            keys.write(buffer, key);
            KeyValue read = keys.read(buffer.getBuffer().flip());
            assertThat(keys.compare(read, key)).as("%s", key).isZero(); // Missing is not equal to its deserialized copy
            assertThat(read).hasToString(key.toString());
        }
    }

    private static byte firstByte(Object value) {
        WriteBuffer buffer = new WriteBuffer();
        new BsonValues().write(buffer, value);
        return buffer.getBuffer().flip().get();
    }

    private static Object roundTrip(Object value) {
        BsonValues type = new BsonValues();
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, value);
        return type.read(buffer.getBuffer().flip());
    }
}
