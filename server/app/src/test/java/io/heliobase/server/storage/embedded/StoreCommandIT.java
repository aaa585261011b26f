package io.heliobase.server.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;

/** {@code heliobase store} as a real process: announces itself, serves, and closes cleanly on SIGTERM. */
class StoreCommandIT {

    private static final Pattern LISTENING =
        Pattern.compile("^Heliobase embedded store listening on (mongodb://127\\.0\\.0\\.1:\\d+/) \\(data: (.+)\\)$");

    @TempDir
    Path workDir;

    @Test
    @Timeout(120)
    void servesOnLoopbackAndClosesCleanlyOnSigterm() throws Exception {
        Path dataDir = workDir.resolve("data");
        try (ChildJvm child = ChildJvm.start(StoreCommandMain.class, workDir.resolve("child.err"),
                                             "--port", "0", "--data-dir", dataDir.toString())) {
            Optional<String> line = child.nextLine(Duration.ofSeconds(60));
            assertThat(line).as(child.stderr()).isPresent();
            Matcher listening = LISTENING.matcher(line.get());
            assertThat(listening.matches()).as(line.get()).isTrue();
            assertThat(Path.of(listening.group(2))).isEqualTo(dataDir.toAbsolutePath());

            try (MongoClient client = StoreClients.connect(listening.group(1))) {
                client.getDatabase("app").getCollection("notes").insertOne(new Document("_id", "n1"));
            }

            child.terminate(); // SIGTERM: the shutdown hook lets run() close the store
            assertThat(child.nextLine(Duration.ofSeconds(30))).as(child.stderr()).contains(StoreCommand.STOPPED);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isEqualTo(143); // 128 + SIGTERM
        }
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            assertThat(client.getDatabase("app").getCollection("notes").find(Filters.eq("_id", "n1")).first()).isNotNull();
        }
    }
}
