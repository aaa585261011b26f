package io.heliobase.server.storage.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * Many threads hammering ONE document with mixed reads and writes through the real driver: the
 * workload that made mongo-java-server lose replies (reply encoding raced with updates).
 */
final class HotDocumentStress {

    static final String HOT_ID = "hot";

    /** What happened; {@code failures} holds one line per failed or unfinished operation. */
    record Outcome(int operations, int completed, int incs, int findAndModifies, int inserts, int sets,
                   List<String> failures) {
    }

    private final MongoCollection<Document> collection;
    private final AtomicInteger incs = new AtomicInteger();
    private final AtomicInteger findAndModifies = new AtomicInteger();
    private final AtomicInteger inserts = new AtomicInteger();
    private final AtomicInteger sets = new AtomicInteger();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    HotDocumentStress(MongoClient client) {
        this.collection = client.getDatabase("stress").getCollection("things");
    }

    Outcome run(int operations, int threads, long timeoutSeconds) throws InterruptedException {
        Document hot = new Document("_id", HOT_ID).append("counter", 0).append("fam", 0);
        for (int i = 0; i < 200; i++) {
            hot.append("padding" + i, "a value long enough to make encoding take a while " + i);
        }
        collection.insertOne(hot); // a big document widens the window in which encoding can race an update
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < operations; i++) {
            int operation = i;
            tasks.add(() -> {
                runOne(operation);
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int completed = 0;
        try {
            for (Future<Void> future : pool.invokeAll(tasks, timeoutSeconds, TimeUnit.SECONDS)) {
                if (future.isCancelled()) {
                    failures.add("operation did not finish within " + timeoutSeconds + " s");
                } else {
                    completed++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(operations, completed, incs.get(), findAndModifies.get(), inserts.get(), sets.get(),
            List.copyOf(failures));
    }

    private void runOne(int operation) {
        try {
            switch (operation % 5) {
                case 0 -> {
                    collection.updateOne(Filters.eq("_id", HOT_ID), Updates.set("field" + operation, operation));
                    sets.incrementAndGet();
                }
                case 1 -> {
                    collection.updateOne(Filters.eq("_id", HOT_ID), Updates.inc("counter", 1));
                    incs.incrementAndGet();
                }
                case 2 -> {
                    if (collection.find(Filters.eq("_id", HOT_ID)).first() == null) {
                        failures.add("find " + operation + " saw no document");
                    }
                }
                case 3 -> {
                    Document after = collection.findOneAndUpdate(Filters.eq("_id", HOT_ID), Updates.inc("fam", 1),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                    if (after == null || after.getInteger("fam") < 1) {
                        failures.add("findOneAndUpdate " + operation + " returned " + after);
                    }
                    findAndModifies.incrementAndGet();
                }
                default -> {
                    collection.insertOne(new Document("_id", "doc-" + operation).append("n", operation));
                    inserts.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            failures.add("operation " + operation + ": " + e);
        }
    }

    Document hotDocument() {
        return collection.find(Filters.eq("_id", HOT_ID)).first();
    }

    long insertedDocuments() {
        return collection.countDocuments(Filters.ne("_id", HOT_ID));
    }
}
