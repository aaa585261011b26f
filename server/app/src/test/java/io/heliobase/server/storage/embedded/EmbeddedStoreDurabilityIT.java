package io.heliobase.server.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;

/** Every insert the store acknowledged must be in the file after the process is killed with SIGKILL. */
class EmbeddedStoreDurabilityIT {

    private static final Pattern ACK = Pattern.compile("^ACK (w\\d+-\\d+) END$");
    private static final int ACKS_BEFORE_KILL = 1_000;

    @TempDir
    Path workDir;

    @Test
    @Timeout(180)
    void everyAcknowledgedInsertSurvivesSigkillDuringWrites() throws Exception {
        Path dataDir = workDir.resolve("data");
        Set<String> acknowledged = new HashSet<>();
        try (ChildJvm child = ChildJvm.start(DurabilityWriterMain.class, workDir.resolve("child.err"), dataDir.toString(), "4")) {
            Instant deadline = Instant.now().plusSeconds(120);
            while (acknowledged.size() < ACKS_BEFORE_KILL) {
                Duration left = Duration.between(Instant.now(), deadline);
                Optional<String> line = left.isNegative() ? Optional.empty() : child.nextLine(left);
                assertThat(line).as("acknowledgements so far: %d%n%s", acknowledged.size(), child.stderr()).isPresent();
                ack(line.get()).ifPresent(acknowledged::add);
            }

            child.kill(); // SIGKILL while the writers still have inserts in flight
            child.awaitExit(Duration.ofSeconds(30));
            // replies that were already on their way were acknowledged too
            for (Optional<String> line = child.nextLine(Duration.ofSeconds(10)); line.isPresent();
                 line = child.nextLine(Duration.ofSeconds(10))) {
                ack(line.get()).ifPresent(acknowledged::add);
            }
        }

        Set<String> stored = new HashSet<>();
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = StoreClients.connect(store.connectionString())) {
            client.getDatabase(DurabilityWriterMain.DATABASE).getCollection(DurabilityWriterMain.COLLECTION)
                .find().map(document -> document.getString("_id")).into(stored);
            client.getDatabase("after").getCollection("restart").insertOne(new Document("writable", true));
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        assertThat(lost).as("acknowledged but lost (of %d acknowledged, %d stored)", acknowledged.size(), stored.size())
            .isEmpty();
    }

    private static Optional<String> ack(String line) {
        Matcher matcher = ACK.matcher(line);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty(); // a torn last line is ignored
    }
}
