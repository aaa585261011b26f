package io.heliobase.server.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;

class StoreCommandTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    @Timeout(60)
    void startsOnLoopbackServesAndStopsWhenSignalled() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<EmbeddedStore> started = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> StoreCommand.run(
            new String[] {"--port", "0", "--data-dir", dataDir.toString()}, print(out), print(err), stop,
            store -> {
                started.set(store);
                ready.countDown();
            }));

        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        EmbeddedStore store = started.get();
        try (MongoClient client = StoreClients.connect(store.connectionString())) {
            client.getDatabase("app").getCollection("notes").insertOne(new Document("_id", "n1"));
        }
        stop.countDown();

        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(store.connectionString()).startsWith("mongodb://127.0.0.1:");
        assertThat(text(out)).isEqualTo("Heliobase embedded store listening on " + store.connectionString()
            + " (data: " + dataDir.toAbsolutePath() + ")" + System.lineSeparator()
            + StoreCommand.STOPPED + System.lineSeparator());
        try (EmbeddedStore reopened = EmbeddedStore.start(dataDir, "127.0.0.1", 0)) {
            assertThat(reopened.port()).as("the data file was released").isPositive();
        }
    }

    @Test
    void missingPortIsRejectedByName() {
        int code = StoreCommand.run(new String[] {"--data-dir", dataDir.toString()}, print(out), print(err),
            new CountDownLatch(0), store -> { });

        assertThat(code).isNotZero();
        assertThat(text(err)).contains("--port is required");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void malformedOrUnknownArgumentsAreRejectedByName() {
        assertThat(StoreCommand.run(new String[] {"--port", "abc"}, print(out), print(err), new CountDownLatch(0), s -> { }))
            .isNotZero();
        assertThat(StoreCommand.run(new String[] {"--port", "1", "--verbose", "yes"}, print(out), print(err),
            new CountDownLatch(0), s -> { })).isNotZero();
        assertThat(StoreCommand.run(new String[] {"--port"}, print(out), print(err), new CountDownLatch(0), s -> { }))
            .isNotZero();

        assertThat(text(err)).contains("--port must be a number, got 'abc'", "unknown argument --verbose", "--port needs a value");
    }

    @Test
    void hostDefaultsToLoopback() {
        assertThat(StoreArguments.parse(new String[] {"--port", "27017"}))
            .isEqualTo(new StoreArguments(27017, StoreArguments.DEFAULT_DATA_DIR, "127.0.0.1"));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
