package io.heliobase.server.storage.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
            long commitsBefore = store.commitCount();
            DurableCommits.COMMIT_NANOS.reset(); DurableCommits.COMMAND_NANOS.reset(); DurableCommits.COMMANDS.reset();
            long inserts = measure(docs, threads, seconds);
            System.out.printf("commit total %d ms, commands total %d ms over %d commands, commit avg %.0f us%n",
                DurableCommits.COMMIT_NANOS.sum() / 1_000_000, DurableCommits.COMMAND_NANOS.sum() / 1_000_000,
                DurableCommits.COMMANDS.sum(), DurableCommits.COMMIT_NANOS.sum() / 1000.0 / Math.max(1, store.commitCount() - commitsBefore));
            long commits = store.commitCount() - commitsBefore;
            System.out.printf("%s threads=%d: %.0f insertOne/s, %.1f inserts per commit%n",
                mode, threads, inserts / (double) seconds, inserts / (double) Math.max(1, commits));
            System.out.printf("file before close: %d KB%n", Files.size(dataDir.resolve(DataFile.FILE_NAME)) / 1024);
        }
        System.out.printf("file after close: %d KB%n", Files.size(dataDir.resolve(DataFile.FILE_NAME)) / 1024);
        if (Boolean.getBoolean("bench.info")) {
            java.io.StringWriter info = new java.io.StringWriter();
            org.h2.mvstore.MVStoreTool.info(dataDir.resolve(DataFile.FILE_NAME).toString(), info);
            System.out.println(info.toString().lines().filter(l -> !l.startsWith("    ")).limit(40).collect(java.util.stream.Collectors.joining("\n")));
        }
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
