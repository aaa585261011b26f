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

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Non-unique indexes narrow queries to candidates, and {@link QueryPlan} decides plain conditions without the
 * library's matcher: the same queries, inserts, updates and deletes against the library's store (which builds no
 * such index and matches everything itself) and against the embedded store, with and without indexes, must give
 * the same documents, also after a restart rebuilt the indexes.
 */
class SecondaryIndexTest {

    @TempDir
    Path dataDir;

    @Test
    void indexedQueriesFindExactlyWhatAScanFinds() {
        MongoServer library = StoreClients.libraryStore(H2Backend.inMemory());
        Random random = new Random(11);
        try (MongoClient theirs = StoreClients.connect(StoreClients.connectionString(library))) {
            MongoCollection<Document> reference = theirs.getDatabase("app").getCollection("things");
            int compared;
            try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
                 MongoClient ours = StoreClients.connect(store.connectionString())) {
                MongoCollection<Document> mine = ours.getDatabase("app").getCollection("things");
                MongoCollection<Document> unindexed = ours.getDatabase("app").getCollection("plainThings");
                mine.createIndex(Indexes.ascending("v"));
                mine.createIndex(Indexes.compoundIndex(Indexes.ascending("tag"), Indexes.descending("n")));
                mine.createIndex(Indexes.ascending("sub.x")); // dotted: kept but serves nothing
                for (int i = 0; i < 400; i++) {
                    Document document = thing(i, random);
                    mine.insertOne(new Document(document));
                    unindexed.insertOne(new Document(document));
                    reference.insertOne(new Document(document));
                }
                compared = compareQueries(mine, reference, random);
                compared += compareQueries(unindexed, reference, random);
                for (int i = 0; i < 150; i++) { // the indexes follow updates and deletes
                    Bson which = Filters.eq("_id", "t" + random.nextInt(400));
                    switch (random.nextInt(3)) {
                        case 0 -> {
                            Object value = value(random);
                            mine.updateOne(which, Updates.set("v", value));
                            unindexed.updateOne(which, Updates.set("v", value));
                            reference.updateOne(which, Updates.set("v", value));
                        }
                        case 1 -> {
                            mine.updateOne(which, Updates.unset("v"));
                            unindexed.updateOne(which, Updates.unset("v"));
                            reference.updateOne(which, Updates.unset("v"));
                        }
                        default -> {
                            mine.deleteOne(which);
                            unindexed.deleteOne(which);
                            reference.deleteOne(which);
                        }
                    }
                }
                compared += compareQueries(mine, reference, random);
                compared += compareQueries(unindexed, reference, random);
                mine.deleteMany(Filters.gt("v", 50));
                unindexed.deleteMany(Filters.gt("v", 50));
                reference.deleteMany(Filters.gt("v", 50));
                compared += compareQueries(mine, reference, random);
            }
            try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0); // indexes rebuilt at open
                 MongoClient ours = StoreClients.connect(store.connectionString())) {
                compared += compareQueries(ours.getDatabase("app").getCollection("things"), reference, random);
            }
            assertThat(compared).isGreaterThan(1000);
        } finally {
            library.shutdownNow();
        }
    }

    private static int compareQueries(MongoCollection<Document> mine, MongoCollection<Document> reference, Random random) {
        int compared = 0;
        for (int i = 0; i < 300; i++) {
            Bson filter = query(random);
            List<Object> expected = ids(reference.find(filter).sort(Sorts.ascending("n")));
            List<Object> actual = ids(mine.find(filter).sort(Sorts.ascending("n")));
            assertThat(actual).as("%s", filter.toBsonDocument()).isEqualTo(expected);
            assertThat(mine.countDocuments(filter)).as("count %s", filter.toBsonDocument()).isEqualTo(expected.size());
            if (!expected.isEmpty()) {
                List<Object> page = ids(mine.find(filter).sort(Sorts.ascending("n")).skip(1).limit(3));
                assertThat(page).isEqualTo(expected.subList(Math.min(1, expected.size()), Math.min(4, expected.size())));
            }
            compared++;
        }
        return compared;
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.get("_id")));
        return ids;
    }

    private static Bson query(Random random) {
        Object a = value(random);
        Object b = value(random);
        Bson condition = switch (random.nextInt(12)) {
            case 9 -> new Document("v", a).append("tag", "tag" + random.nextInt(6)); // several keys, no $and
            case 10 -> new Document("v", new Document("$gt", a)).append("n", new Document("$lt", random.nextInt(400)));
            case 11 -> new Document("tag", new Document("$gte", "tag2")).append("v", new Document("$ne", a));
            case 0 -> Filters.eq("v", a);
            case 1 -> Filters.gt("v", a);
            case 2 -> Filters.gte("v", a);
            case 3 -> Filters.lt("v", a);
            case 4 -> Filters.lte("v", a);
            case 5 -> Filters.and(Filters.gt("v", a), Filters.lt("v", b)); // merged into one {$gt, $lt} document
            case 6 -> new Document("v", new Document("$gte", a).append("$lte", b));
            case 7 -> new Document("v", new Document("$eq", a).append("$gt", b));
            default -> Filters.eq("tag", "tag" + random.nextInt(6));
        };
        return random.nextBoolean() ? condition : Filters.and(condition, Filters.lt("n", random.nextInt(400)));
    }

    private static Document thing(int i, Random random) {
        Document document = new Document("_id", "t" + i).append("n", i).append("tag", "tag" + random.nextInt(6));
        if (random.nextInt(12) > 0) {
            document.append("v", value(random));
        }
        if (random.nextBoolean()) {
            document.append("sub", new Document("x", random.nextInt(5)));
        }
        return document;
    }

    /** Every kind a field can hold, with many ties. */
    private static Object value(Random random) {
        return switch (random.nextInt(14)) {
            case 0, 1, 2 -> random.nextInt(100);
            case 3, 4 -> random.nextInt(100) + 0.5;
            case 5 -> (double) random.nextInt(100);
            case 6 -> "s" + random.nextInt(30);
            case 7 -> new Date(1_700_000_000_000L + random.nextInt(50) * 1000L);
            case 8 -> List.of(random.nextInt(100), random.nextInt(100));
            case 9 -> (long) random.nextInt(100);
            case 10 -> random.nextBoolean();
            case 11 -> random.nextBoolean() ? -0.0 : Double.NaN;
            case 12 -> new Document("x", random.nextInt(3));
            default -> null;
        };
    }
}
