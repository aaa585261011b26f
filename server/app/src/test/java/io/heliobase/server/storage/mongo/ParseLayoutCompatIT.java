package io.heliobase.server.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.heliobase.server.storage.embedded.EmbeddedStore;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parse Server's own MongoDB layout (shared/LAYOUT.md): documents written the way Parse Server writes them are read
 * through the API, and what the API writes is stored the way Parse Server would store it.
 */
class ParseLayoutCompatIT {
    private static EmbeddedStore store;
    private static MongoClient client;
    private static MongoDatabase db;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("layout-store");
        store = EmbeddedStore.start(dir, "127.0.0.1", 0);
        client = MongoClients.create(store.connectionString());
        db = client.getDatabase("parse");
        server = TestServer.start(Map.of("HELIOBASE_DATABASE_URI", store.connectionString() + "parse"));
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
        store.close();
    }

    @Test
    void documentsWrittenByParseServerReadThroughTheApi() {
        db.getCollection("_SCHEMA").insertOne(new Document("_id", "LegacyThing")
                .append("objectId", "string").append("updatedAt", "date").append("createdAt", "date")
                .append("title", "string").append("when", "date").append("geo", "geopoint").append("file", "file")
                .append("bytes", "bytes").append("owner", "*_User").append("tags", "relation<LegacyTag>")
                .append("_metadata", new Document("class_permissions", new Document("find", new Document("*", true)))));
        Date created = Date.from(java.time.Instant.parse("2024-06-01T12:00:00Z"));
        db.getCollection("LegacyThing").insertOne(new Document("_id", "abcDEF1234")
                .append("title", "old").append("when", created)
                .append("geo", List.of(-73.25, 40.5)).append("file", "0123abcd_photo.png")
                .append("bytes", new Binary(new byte[] {1, 2, 3}))
                .append("_p_owner", "_User$user123456")
                .append("_rperm", List.of("*")).append("_wperm", List.of())
                .append("_acl", new Document("*", new Document("r", true)))
                .append("_created_at", created).append("_updated_at", created));
        db.getCollection("_Join:tags:LegacyThing").insertOne(new Document("relatedId", "tag0000001")
                .append("owningId", "abcDEF1234"));
        db.getCollection("LegacyTag").insertOne(new Document("_id", "tag0000001").append("name", "t")
                .append("_created_at", created).append("_updated_at", created));
        db.getCollection("_SCHEMA").insertOne(new Document("_id", "LegacyTag").append("name", "string"));

        Api api = server.api();
        JsonNode got = api.get("/classes/LegacyThing/abcDEF1234").json();
        assertThat(got.path("title").asText()).isEqualTo("old");
        assertThat(got.path("createdAt").asText()).isEqualTo("2024-06-01T12:00:00.000Z");
        assertThat(got.path("when").path("iso").asText()).isEqualTo("2024-06-01T12:00:00.000Z");
        assertThat(got.path("geo").path("latitude").asDouble()).isEqualTo(40.5);
        assertThat(got.path("file").path("name").asText()).isEqualTo("0123abcd_photo.png");
        assertThat(got.path("bytes").path("base64").asText()).isEqualTo("AQID");
        assertThat(got.path("owner").path("objectId").asText()).isEqualTo("user123456");
        assertThat(got.path("ACL").toString()).isEqualTo("{\"*\":{\"read\":true}}");
        assertThat(got.path("tags").path("__type").asText()).isEqualTo("Relation");
        String related = "{\"$relatedTo\":{\"object\":{\"__type\":\"Pointer\",\"className\":\"LegacyThing\","
                + "\"objectId\":\"abcDEF1234\"},\"key\":\"tags\"}}";
        assertThat(api.find("LegacyTag", related).get("results").get(0).path("name").asText()).isEqualTo("t");
        assertThat(api.put("/classes/LegacyThing/abcDEF1234", "{\"title\":\"new\"}").code())
                .as("empty _wperm means master only").isEqualTo(101);
    }

    @Test
    void whatTheApiWritesIsStoredInParseServersLayout() {
        Api api = server.api();
        String tag = api.post("/classes/NewTag", "{\"name\":\"x\"}").get("objectId").asText();
        String id = api.post("/classes/NewThing", """
                {"title":"t","n":42,"frac":2.5,"when":{"__type":"Date","iso":"2024-06-01T12:34:56.789Z"},
                 "geo":{"__type":"GeoPoint","latitude":40.5,"longitude":-73.25},
                 "poly":{"__type":"Polygon","coordinates":[[10,20],[10,21],[11,21]]},
                 "bytes":{"__type":"Bytes","base64":"AQIDBP8="},"file":{"__type":"File","name":"abc_f.txt","url":"x"},
                 "ptr":{"__type":"Pointer","className":"NewTag","objectId":"%s"},
                 "obj":{"when":{"__type":"Date","iso":"2024-01-01T00:00:00.000Z"},"p":{"__type":"Pointer","className":"NewTag","objectId":"%s"}},
                 "rel":{"__op":"AddRelation","objects":[{"__type":"Pointer","className":"NewTag","objectId":"%s"}]},
                 "ACL":{"*":{"read":true},"u1":{"read":true,"write":true}}}""".formatted(tag, tag, tag))
                .get("objectId").asText();
        Document doc = db.getCollection("NewThing").find(new Document("_id", id)).first();
        assertThat(doc).isNotNull();
        assertThat(doc.get("_id")).isEqualTo(id);
        assertThat(doc.get("_created_at")).isInstanceOf(Date.class);
        assertThat(doc.get("_updated_at")).isInstanceOf(Date.class);
        assertThat(doc.get("n")).isEqualTo(42);
        assertThat(doc.get("frac")).isEqualTo(2.5);
        assertThat(doc.get("when")).isInstanceOf(Date.class);
        assertThat(doc.get("geo")).isEqualTo(List.of(-73.25, 40.5));
        Document poly = doc.get("poly", Document.class);
        assertThat(poly.get("type")).isEqualTo("Polygon");
        assertThat(poly.getList("coordinates", List.class).getFirst()).hasSize(4);
        assertThat(doc.get("bytes")).isInstanceOf(Binary.class);
        assertThat(doc.get("file")).isEqualTo("abc_f.txt");
        assertThat(doc.get("_p_ptr")).isEqualTo("NewTag$" + tag);
        assertThat(doc.containsKey("ptr")).isFalse();
        Document obj = doc.get("obj", Document.class);
        assertThat(obj.get("when")).isInstanceOf(Date.class);
        assertThat(obj.get("p", Document.class).getString("__type")).isEqualTo("Pointer");
        assertThat(doc.containsKey("rel")).isFalse();
        assertThat(doc.getList("_rperm", String.class)).containsExactlyInAnyOrder("*", "u1");
        assertThat(doc.getList("_wperm", String.class)).containsExactly("u1");
        assertThat(doc.get("_acl", Document.class).toJson())
                .isEqualTo("{\"*\": {\"r\": true}, \"u1\": {\"r\": true, \"w\": true}}");
        Document edge = db.getCollection("_Join:rel:NewThing").find().first();
        assertThat(edge.get("owningId")).isEqualTo(id);
        assertThat(edge.get("relatedId")).isEqualTo(tag);
        Document schema = db.getCollection("_SCHEMA").find(new Document("_id", "NewThing")).first();
        assertThat(schema.get("ptr")).isEqualTo("*NewTag");
        assertThat(schema.get("rel")).isEqualTo("relation<NewTag>");
        assertThat(schema.get("geo")).isEqualTo("geopoint");
        assertThat(schema.get("poly")).isEqualTo("polygon");
        assertThat(schema.get("when")).isEqualTo("date");
        assertThat(schema.get("obj")).isEqualTo("object");
        assertThat(schema.get("objectId")).isEqualTo("string");
        assertThat(schema.containsKey("ACL")).isFalse();
    }

    @Test
    void configIsOneDocumentWithIdOne() {
        server.master().put("/config", "{\"params\":{\"k\":\"v\",\"when\":{\"__type\":\"Date\",\"iso\":\"2024-06-01T00:00:00.000Z\"}},\"masterKeyOnly\":{\"k\":true}}");
        Document config = db.getCollection("_GlobalConfig").find(new Document("_id", 1)).first();
        assertThat(config).isNotNull();
        assertThat(config.get("params", Document.class).get("k")).isEqualTo("v");
        assertThat(config.get("params", Document.class).get("when", Document.class).get("iso"))
                .isEqualTo("2024-06-01T00:00:00.000Z");
        assertThat(config.get("masterKeyOnly", Document.class).get("k")).isEqualTo(true);
    }

    @Test
    void sessionsOfAnExistingParseDatabaseAuthenticate() {
        db.getCollection("_Session").insertOne(new Document("_id", "sess000001")
                .append("_session_token", "r:0123456789abcdef0123456789abcdef")
                .append("_p_user", "_User$user000001")
                .append("expiresAt", Date.from(java.time.Instant.now().plusSeconds(3600))));
        server.master().post("/classes/Mine", "{\"v\":1,\"ACL\":{\"user000001\":{\"read\":true}}}");
        Api asUser = server.api().with("X-Parse-Session-Token", "r:0123456789abcdef0123456789abcdef");
        assertThat(asUser.find("Mine", null).get("results").size()).isEqualTo(1);
        assertThat(server.api().find("Mine", null).get("results").size()).isZero();
    }
}
