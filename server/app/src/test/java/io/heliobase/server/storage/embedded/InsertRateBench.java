package io.heliobase.server.storage.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;

/**
 * Manual benchmark, not a test: insertOne/s through the driver.
 * {@code java -cp ... InsertRateBench GROUPED|EACH_WRITE THREADS SECONDS}
 */
public final class InsertRateBench {

    private InsertRateBench() {
    }

    public static void main(String[] args) throws Exception {
        DurableCommits.Mode mode = DurableCommits.Mode.valueOf(args[0]);
        int threads = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path dataDir = Files.createTempDirectory("insert-rate");
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0, mode);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoCollection<Document> docs = client.getDatabase("bench").getCollection("docs");
            measure(docs, threads, 2);                   // warm-up
            long commitsBefore = store.writeCommits();
            long inserts = measure(docs, threads, seconds);
            long commits = store.writeCommits() - commitsBefore;
            System.out.printf("%s threads=%d: %.0f insertOne/s, %.1f inserts per commit, file %d KB%n",
                mode, threads, inserts / (double) seconds, inserts / (double) Math.max(1, commits), fileKb(dataDir));
        }
        System.out.printf("  file after close: %d KB%n", fileKb(dataDir));
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static long fileKb(Path dataDir) throws IOException {
        return Files.size(dataDir.resolve(DataFile.FILE_NAME)) / 1024;
    }

    private static long measure(MongoCollection<Document> docs, int threads, int seconds) throws InterruptedException {
        LongAdder inserts = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (running.get()) {
                    docs.insertOne(new Document("n", inserts.sum()).append("text", "a small document of some fifty bytes"));
                    inserts.increment();
                }
            });
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(seconds * 1000L); // a fixed measuring window, not a wait for a condition
        running.set(false);
        for (Thread worker : workers) {
            worker.join();
        }
        return inserts.sum();
    }
}
