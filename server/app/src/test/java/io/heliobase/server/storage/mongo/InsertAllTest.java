package io.heliobase.server.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import io.heliobase.server.storage.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** insertAll: one unordered insert command whose per-object errors land on the right objects. */
class InsertAllTest {

    @TempDir
    Path dataDir;

    @Test
    void storesEveryValidObjectAndReportsEachDuplicateAtItsOwnIndex() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoStorageAdapter storage = new MongoStorageAdapter(client, client.getDatabase("app"), true, url -> url);
            ClassSchema schema = ClassSchema.empty("Handle").withField("name", FieldType.of(FieldType.Kind.STRING));
            storage.createClass(schema);
            storage.ensureUniqueIndex("Handle", "name");
            storage.insert(schema, handle("taken0001", "ada"));

            List<ObjectNode> objects = new ArrayList<>();
            String[] names = {"bob", "ada", "cy", "bob", "dee"};
            for (int i = 0; i < names.length; i++) {
                objects.add(handle("handle000" + i, names[i]));
            }
            List<RuntimeException> errors = storage.insertAll(schema, objects);

            assertThat(errors).hasSize(5);
            assertThat(errors.get(0)).isNull();
            assertThat(errors.get(1)).isInstanceOfSatisfying(ParseException.class,
                    e -> assertThat(e.code()).isEqualTo(ParseErrorCode.DUPLICATE_VALUE));
            assertThat(errors.get(2)).isNull();
            assertThat(errors.get(3)).isInstanceOfSatisfying(ParseException.class,
                    e -> assertThat(e.code()).isEqualTo(ParseErrorCode.DUPLICATE_VALUE));
            assertThat(errors.get(4)).isNull();
            assertThat(storage.countAll("Handle")).isEqualTo(4); // ada (before), bob, cy, dee
        }
    }

    private static ObjectNode handle(String objectId, String name) {
        String now = "2026-11-30T12:00:00.000Z";
        return Json.object().put("objectId", objectId).put("createdAt", now).put("updatedAt", now).put("name", name);
    }
}
