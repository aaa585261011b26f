package io.heliobase.server.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;

class EmbeddedStoreConcurrencyTest {

    private static final int OPERATIONS = 2_000;
    private static final int THREADS = 16;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(120)
    void concurrentMixedOperationsOnOneDocumentAllReturnAndCountExactly() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            HotDocumentStress stress = new HotDocumentStress(client);

            HotDocumentStress.Outcome outcome = stress.run(OPERATIONS, THREADS, 90);

            assertThat(outcome.failures()).isEmpty();
            assertThat(outcome.completed()).isEqualTo(OPERATIONS);
            Document hot = stress.hotDocument();
            assertThat(hot.getInteger("counter")).isEqualTo(outcome.incs()).isEqualTo(OPERATIONS / 5);
            assertThat(hot.getInteger("fam")).isEqualTo(outcome.findAndModifies()).isEqualTo(OPERATIONS / 5);
            assertThat(stress.insertedDocuments()).isEqualTo(outcome.inserts()).isEqualTo(OPERATIONS / 5);
            for (int operation = 0; operation < OPERATIONS; operation += 5) {
                assertThat(hot.getInteger("field" + operation)).as("field" + operation).isEqualTo(operation);
            }
        }
    }
}
