package io.heliobase.server.storage.embedded;

import java.io.PrintStream;
import java.nio.file.Path;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

/**
 * Child process of {@link EmbeddedStoreDurabilityIT}: starts the store on {@code args[0]} and inserts
 * from {@code args[1]} threads forever, printing {@code ACK <id> END} after each acknowledged insert.
 * It never stops by itself; the parent kills it with SIGKILL.
 */
public final class DurabilityWriterMain {

    static final String DATABASE = "durability";
    static final String COLLECTION = "acks";

    private DurabilityWriterMain() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
        MongoClient client = StoreClients.connect(store.connectionString());
        MongoCollection<Document> acks = client.getDatabase(DATABASE).getCollection(COLLECTION);
        PrintStream out = System.out;
        for (int t = 0; t < threads; t++) {
            int writer = t;
            new Thread(() -> {
                for (long n = 0; ; n++) {
                    String id = "w" + writer + "-" + n;
                    acks.insertOne(new Document("_id", id).append("writer", writer).append("n", n));
                    synchronized (out) {
                        out.println("ACK " + id + " END");
                        out.flush();
                    }
                }
            }, "writer-" + t).start();
        }
    }
}
