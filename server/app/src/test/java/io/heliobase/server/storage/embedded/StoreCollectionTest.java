package io.heliobase.server.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * StoreCollection replaces the library's sort: the same finds against the library's own H2 backend and against
 * the embedded store must return the same documents in the same order, for every kind of value a sort meets.
 */
class StoreCollectionTest {

    private static final int DOCUMENTS = 600;

    @TempDir
    Path dataDir;

    @Test
    void sortedFindsReturnWhatTheLibraryReturnsInTheSameOrder() {
        MongoServer library = StoreClients.libraryStore(H2Backend.inMemory());
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient ours = StoreClients.connect(store.connectionString());
             MongoClient theirs = StoreClients.connect(StoreClients.connectionString(library))) {
            MongoCollection<Document> mine = ours.getDatabase("app").getCollection("scores");
            MongoCollection<Document> reference = theirs.getDatabase("app").getCollection("scores");
            List<Document> documents = mixedDocuments(new Random(42));
            mine.insertMany(documents.stream().map(Document::new).toList());
            reference.insertMany(documents.stream().map(Document::new).toList());

            List<Bson> filters = List.of(new Document(), Filters.gt("score", 100), Filters.lte("score", 40),
                Filters.exists("tags"), Filters.in("level", 1, 2, 3));
            List<Bson> sorts = List.of(Sorts.ascending("score"), Sorts.descending("score"),
                Sorts.ascending("level", "score"), Sorts.orderBy(Sorts.descending("level"), Sorts.ascending("name")),
                Sorts.ascending("stats.rank"), Sorts.descending("tags"), Sorts.ascending("mixed"),
                Sorts.ascending("items.weight"), Sorts.ascending("level"));
            int[][] pages = {{0, 0}, {0, 10}, {0, 100}, {25, 50}, {590, 20}, {0, 1}, {700, 5}};
            int compared = 0;
            for (Bson filter : filters) {
                for (Bson sort : sorts) {
                    for (int[] page : pages) {
                        List<Object> expected = ids(reference.find(filter).sort(sort).skip(page[0]).limit(page[1]));
                        List<Object> actual = ids(mine.find(filter).sort(sort).skip(page[0]).limit(page[1]));
                        assertThat(actual).as("%s sorted by %s, skip %d, limit %d", filter, sort, page[0], page[1])
                            .isEqualTo(expected);
                        compared++;
                    }
                }
            }
            assertThat(compared).isEqualTo(filters.size() * sorts.size() * pages.length);
        } finally {
            library.shutdownNow();
        }
    }

    @Test
    void concurrentSortedFindsBesideWritesAnswerEveryTimeInOrder() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoCollection<Document> scores = client.getDatabase("app").getCollection("scores");
            for (int i = 0; i < 500; i++) {
                scores.insertOne(new Document("_id", "s" + i).append("score", i));
            }
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<java.util.concurrent.Future<?>> tasks = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(10)) {
                for (int t = 0; t < 8; t++) {
                    tasks.add(pool.submit(() -> {
                        for (int round = 0; round < 60; round++) {
                            List<Integer> page = new ArrayList<>();
                            scores.find(Filters.gt("score", 100)).sort(Sorts.ascending("score")).limit(50)
                                .forEach(d -> page.add(d.getInteger("score")));
                            if (page.size() != 50 || !page.equals(page.stream().sorted().toList())
                                || page.getFirst() <= 100) {
                                failures.add("bad page " + page);
                            }
                        }
                    }));
                }
                for (int t = 0; t < 2; t++) {
                    int writer = t;
                    tasks.add(pool.submit(() -> {
                        for (int i = 0; i < 150; i++) {
                            scores.insertOne(new Document("_id", "w" + writer + "-" + i).append("score", 1000 + i));
                            scores.updateOne(Filters.eq("_id", "s" + (200 + i)), new Document("$inc", new Document("score", 1)));
                        }
                    }));
                }
            }
            for (var task : tasks) {
                task.get(); // rethrows what a reader or writer threw
            }
            assertThat(failures).isEmpty();
            assertThat(scores.countDocuments()).isEqualTo(800);
        }
    }

    @Test
    void smallBatchesAndProjectionsStillWork() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoCollection<Document> scores = client.getDatabase("app").getCollection("scores");
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                documents.add(new Document("_id", "d" + i).append("score", (i * 37) % 300).append("name", "n" + i));
            }
            scores.insertMany(documents);

            List<Document> page = scores.find(Filters.gte("score", 10)).sort(Sorts.descending("score"))
                .skip(5).limit(150).batchSize(7).projection(Projections.include("score")).into(new ArrayList<>());

            assertThat(page).hasSize(150);
            assertThat(page.getFirst()).isEqualTo(new Document("_id", page.getFirst().get("_id")).append("score", 294));
            assertThat(page).extracting(d -> d.getInteger("score")).isSortedAccordingTo((a, b) -> b - a)
                .allMatch(score -> score >= 10);
            assertThat(page.getLast().getInteger("score")).isEqualTo(145);
            assertThat(page).allMatch(d -> !d.containsKey("name"));
        }
    }

    @Test
    void emptyArraysSortBelowNullAndMissingValuesAsInMongoDb() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            MongoCollection<Document> lists = client.getDatabase("app").getCollection("lists");
            lists.insertMany(List.of(
                new Document("_id", "two").append("tags", List.of(2, 9)),
                new Document("_id", "empty1").append("tags", List.of()),
                new Document("_id", "missing"),
                new Document("_id", "five").append("tags", 5),
                new Document("_id", "empty2").append("tags", List.of()),
                new Document("_id", "null").append("tags", null),
                new Document("_id", "one").append("tags", List.of(7, 1))));

            assertThat(ids(lists.find().sort(Sorts.ascending("tags"))))
                .containsExactly("empty1", "empty2", "missing", "null", "one", "two", "five");
            // descending: an array sorts by its largest element
            assertThat(ids(lists.find().sort(Sorts.descending("tags"))))
                .containsExactly("two", "one", "five", "missing", "null", "empty1", "empty2");
            assertThat(ids(lists.find().sort(Sorts.ascending("tags")).skip(1).limit(3)))
                .containsExactly("empty2", "missing", "null");
        }
    }

    private static List<Object> ids(FindIterable<Document> find) {
        List<Object> ids = new ArrayList<>();
        find.batchSize(13).forEach(document -> ids.add(document.get("_id")));
        return ids;
    }

    /** Ties on purpose (few levels and scores), missing and null values, arrays, nested paths and mixed types. */
    private static List<Document> mixedDocuments(Random random) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            Document document = new Document("_id", String.format("id%04d", i));
            if (random.nextInt(10) > 0) {
                document.append("score", random.nextInt(200));
            }
            document.append("level", random.nextInt(5));
            document.append("name", "player-" + random.nextInt(50));
            if (random.nextBoolean()) { // no empty arrays: the library's order for those is not consistent
                document.append("tags", List.of("t" + random.nextInt(9), "t" + random.nextInt(9)));
            }
            if (random.nextBoolean()) {
                document.append("stats", new Document("rank", random.nextInt(30)));
            }
            document.append("mixed", switch (random.nextInt(5)) {
                case 0 -> random.nextInt(10);
                case 1 -> "s" + random.nextInt(10);
                case 2 -> new Date(1_700_000_000_000L + random.nextInt(1000));
                case 3 -> random.nextBoolean();
                default -> null;
            });
            if (random.nextInt(3) == 0) {
                document.append("items", List.of(new Document("weight", random.nextInt(20)),
                    new Document("weight", random.nextInt(20))));
            }
            documents.add(document);
        }
        return documents;
    }
}
