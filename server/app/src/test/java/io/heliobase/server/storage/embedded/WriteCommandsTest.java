package io.heliobase.server.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.bson.Document;

class WriteCommandsTest {

    @Test
    void dataChangingCommandsAreWritesInAnyCase() {
        for (String command : List.of("insert", "update", "delete", "findAndModify", "create", "createIndexes",
                                      "drop", "dropIndexes", "dropDatabase", "renameCollection")) {
            assertThat(WriteCommands.isWrite(command, new Document(command, "c"))).as(command).isTrue();
        }
    }

    @Test
    void queriesAndHandshakesAreNotWrites() {
        for (String command : List.of("find", "count", "distinct", "listIndexes", "listCollections", "isMaster",
                                      "hello", "ping", "buildInfo", "getMore", "killCursors", "endSessions", "dbStats")) {
            assertThat(WriteCommands.isWrite(command, new Document(command, "c"))).as(command).isFalse();
        }
    }

    @Test
    void aggregateIsAWriteOnlyWithOutOrMerge() {
        Document plain = new Document("aggregate", "c").append("pipeline", List.of(new Document("$match", new Document())));
        Document out = new Document("aggregate", "c").append("pipeline",
            List.of(new Document("$match", new Document()), new Document("$out", "target")));
        Document merge = new Document("aggregate", "c").append("pipeline", List.of(new Document("$merge", "target")));

        assertThat(WriteCommands.isWrite("aggregate", plain)).isFalse();
        assertThat(WriteCommands.isWrite("aggregate", out)).isTrue();
        assertThat(WriteCommands.isWrite("aggregate", merge)).isTrue();
    }
}
