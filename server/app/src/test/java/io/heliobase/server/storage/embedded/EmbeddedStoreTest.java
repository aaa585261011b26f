package io.heliobase.server.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

class EmbeddedStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void reportsMongoDb50WithWireVersion8() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            Document hello = client.getDatabase("admin").runCommand(new Document("isMaster", 1));
            Document buildInfo = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));

            assertThat(hello.getInteger("maxWireVersion")).isEqualTo(8);
            assertThat(buildInfo.getString("version")).isEqualTo("5.0.0");
        }
    }

    @Test
    void connectionStringNamesHostAndChosenPort() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0)) {
            assertThat(store.port()).isPositive();
            assertThat(store.connectionString()).isEqualTo("mongodb://127.0.0.1:" + store.port() + "/");
        }
    }

    @Test
    void keepsDataAcrossRestartOnTheSameDirectory() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            client.getDatabase("app").getCollection("notes").insertOne(new Document("_id", "n1").append("text", "kept"));
        }
        assertThat(dataDir.resolve(DataFile.FILE_NAME)).exists();

        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            Document note = client.getDatabase("app").getCollection("notes").find(Filters.eq("_id", "n1")).first();
            assertThat(note).isNotNull();
            assertThat(note.getString("text")).isEqualTo("kept");
        }
    }

    @Test
    void secondStoreOnTheSameDataFileFailsWithAClearMessage() {
        try (EmbeddedStore first = EmbeddedStore.start(dataDir, "127.0.0.1", 0)) {
            assertThatThrownBy(() -> EmbeddedStore.start(dataDir, "127.0.0.1", 0).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(DataFile.FILE_NAME)
                .hasMessageContaining("in use by another process");
            assertThat(first.port()).isPositive();
        }
    }

    @Test
    void busyPortFailsWithAClearMessageAndReleasesTheDataFile() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedStore.start(dataDir, "127.0.0.1", taken.getLocalPort()).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0)) {
            assertThat(store.port()).isPositive();
        }
    }

    @Test
    void readOnlyCommandsNeverCommitAndWritesDo() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoCollection<Document> notes = client.getDatabase("app").getCollection("notes");
            notes.insertOne(new Document("_id", "n1").append("n", 1));
            long afterWrite = store.writeCommits();
            assertThat(afterWrite).isPositive();

            notes.find().into(new ArrayList<>());
            notes.find(Filters.eq("_id", "n1")).first();
            notes.countDocuments();
            notes.aggregate(List.of(new Document("$match", new Document("n", 1)))).into(new ArrayList<>());
            notes.listIndexes().into(new ArrayList<>());
            notes.distinct("n", Integer.class).into(new ArrayList<>());
            client.getDatabase("app").runCommand(new Document("ping", 1));
            client.getDatabase("admin").runCommand(new Document("isMaster", 1));
            client.getDatabase("app").listCollectionNames().into(new ArrayList<>());

            assertThat(store.writeCommits()).isEqualTo(afterWrite);

            notes.updateOne(Filters.eq("_id", "n1"), new Document("$inc", new Document("n", 1)));
            assertThat(store.writeCommits()).isGreaterThan(afterWrite);
        }
    }
}
