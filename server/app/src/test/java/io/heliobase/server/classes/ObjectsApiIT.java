package io.heliobase.server.classes;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import io.heliobase.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Object create/get/update/delete over HTTP, with Parse's response shapes and echoes. */
class ObjectsApiIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api api = server.api();

    @Test
    void createAnswers201WithObjectIdCreatedAtAndLocation() {
        Api.Response created = api.post("/classes/Thing", "{\"title\":\"hello\",\"n\":3}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.get("objectId").asText()).matches("[A-Za-z0-9]{10}");
        assertThat(created.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(created.raw().headers().firstValue("Location")).hasValue(
 server.url() + "/classes/Thing/" + created.get("objectId").asText());
        Api.Response fetched = api.get("/classes/Thing/" + created.get("objectId").asText());
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.get("title").asText()).isEqualTo("hello");
        assertThat(fetched.get("n").asInt()).isEqualTo(3);
        assertThat(fetched.get("updatedAt").asText()).isEqualTo(created.get("createdAt").asText());
    }

    @Test
    void everyTypedValueRoundTrips() {
        String body = """
                {"date":{"__type":"Date","iso":"2024-06-01T12:34:56.789Z"},
                 "bytes":{"__type":"Bytes","base64":"AQIDBP8="},
                 "geo":{"__type":"GeoPoint","latitude":40.5,"longitude":-73.25},
                 "poly":{"__type":"Polygon","coordinates":[[10,20],[10,21],[11,21],[11,20]]},
                 "file":{"__type":"File","name":"abc_photo.png"},
                 "ptr":{"__type":"Pointer","className":"Other","objectId":"abcdefghij"},
                 "obj":{"nested":{"when":{"__type":"Date","iso":"2024-01-01T00:00:00.000Z"}},"list":[1,"a"]},
                 "arr":[1,{"__type":"Pointer","className":"Other","objectId":"x123456789"}],
                 "flag":true, "big":1099511627776, "frac":3.5}""";
        String id = api.post("/classes/Typed", body).get("objectId").asText();
        Api.Response got = api.get("/classes/Typed/" + id);
        assertThat(got.get("date").toString()).isEqualTo("{\"__type\":\"Date\",\"iso\":\"2024-06-01T12:34:56.789Z\"}");
        assertThat(got.get("bytes").path("base64").asText()).isEqualTo("AQIDBP8=");
        assertThat(got.get("geo").path("latitude").asDouble()).isEqualTo(40.5);
        assertThat(got.get("geo").path("longitude").asDouble()).isEqualTo(-73.25);
        assertThat(got.get("poly").path("__type").asText()).isEqualTo("Polygon");
        assertThat(got.get("poly").path("coordinates").get(0).toString()).isEqualTo("[10.0,20.0]");
        assertThat(got.get("file").path("name").asText()).isEqualTo("abc_photo.png");
        assertThat(got.get("file").path("url").asText()).endsWith("/files/test-app/abc_photo.png");
        assertThat(got.get("ptr").toString())
                .isEqualTo("{\"__type\":\"Pointer\",\"className\":\"Other\",\"objectId\":\"abcdefghij\"}");
        assertThat(got.get("obj").path("nested").path("when").path("iso").asText()).isEqualTo("2024-01-01T00:00:00.000Z");
        assertThat(got.get("arr").get(1).path("objectId").asText()).isEqualTo("x123456789");
        assertThat(got.get("big").asLong()).isEqualTo(1099511627776L);
        assertThat(got.get("frac").asDouble()).isEqualTo(3.5);
        assertThat(got.get("flag").asBoolean()).isTrue();
    }

    @Test
    void updateEchoesOperationResults() {
        String id = api.post("/classes/Counter", "{\"count\":1,\"tags\":[\"a\"]}").get("objectId").asText();
        Api.Response updated = api.put("/classes/Counter/" + id, """
                {"count":{"__op":"Increment","amount":5},"tags":{"__op":"AddUnique","objects":["a","b"]},
                 "name":"x"}""");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.get("updatedAt").asText()).isNotBlank();
        assertThat(updated.get("count").asInt()).isEqualTo(6);
        assertThat(updated.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(updated.json().has("name")).isFalse();
        Api.Response removed = api.put("/classes/Counter/" + id,
                "{\"tags\":{\"__op\":\"Remove\",\"objects\":[\"a\"]},\"count\":{\"__op\":\"Delete\"}}");
        assertThat(removed.get("tags").toString()).isEqualTo("[\"b\"]");
        Api.Response got = api.get("/classes/Counter/" + id);
        assertThat(got.json().has("count")).isFalse();
        assertThat(got.get("name").asText()).isEqualTo("x");
        Api.Response added = api.put("/classes/Counter/" + id, "{\"tags\":{\"__op\":\"Add\",\"objects\":[\"b\",\"c\"]}}");
        assertThat(added.get("tags").toString()).isEqualTo("[\"b\",\"b\",\"c\"]");
    }

    @Test
    void dotPathUpdatesReachIntoObjectFields() {
        String id = api.post("/classes/Nested", "{\"stats\":{\"wins\":1,\"name\":\"a\"}}").get("objectId").asText();
        api.put("/classes/Nested/" + id, "{\"stats.wins\":{\"__op\":\"Increment\",\"amount\":2},\"stats.extra\":true}");
        Api.Response got = api.get("/classes/Nested/" + id);
        assertThat(got.get("stats").toString()).isEqualTo("{\"wins\":3,\"name\":\"a\",\"extra\":true}");
    }

    @Test
    void deleteRemovesAndASecondDeleteIs101() {
        String id = api.post("/classes/Gone", "{\"a\":1}").get("objectId").asText();
        Api.Response deleted = api.delete("/classes/Gone/" + id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().toString()).isEqualTo("{}");
        Api.Response again = api.delete("/classes/Gone/" + id);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.code()).isEqualTo(101);
        assertThat(api.get("/classes/Gone/" + id).code()).isEqualTo(101);
    }

    @Test
    void typeMismatchIs111AndWritesNothing() {
        String id = api.post("/classes/Typing", "{\"score\":1}").get("objectId").asText();
        Api.Response bad = api.post("/classes/Typing", "{\"score\":\"high\",\"other\":1}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo(111);
        assertThat(bad.get("error").asText()).contains("schema mismatch for Typing.score; expected Number but got String");
        Api.Response update = api.put("/classes/Typing/" + id, "{\"more\":1,\"score\":{\"__op\":\"Add\",\"objects\":[1]}}");
        assertThat(update.code()).isEqualTo(111);
        assertThat(api.get("/classes/Typing/" + id).json().has("more")).isFalse();
        assertThat(api.find("Typing", null).get("results").size()).isEqualTo(1);
    }

    @Test
    void objectAclHidesObjectsFromThePublicButNotFromMaster() {
        String id = api.post("/classes/Secret", "{\"v\":1,\"ACL\":{\"someUser\":{\"read\":true,\"write\":true}}}")
                .get("objectId").asText();
        Api.Response publicGet = api.get("/classes/Secret/" + id);
        assertThat(publicGet.status()).isEqualTo(404);
        assertThat(publicGet.code()).isEqualTo(101);
        assertThat(api.find("Secret", null).get("results").size()).isZero();
        assertThat(api.put("/classes/Secret/" + id, "{\"v\":2}").code()).isEqualTo(101);
        assertThat(api.delete("/classes/Secret/" + id).code()).isEqualTo(101);
        Api.Response masterGet = server.master().get("/classes/Secret/" + id);
        assertThat(masterGet.get("v").asInt()).isEqualTo(1);
        assertThat(masterGet.get("ACL").toString()).isEqualTo("{\"someUser\":{\"read\":true,\"write\":true}}");
    }

    @Test
    void publicReadOnlyAclAllowsReadsButNotWrites() {
        String id = api.post("/classes/ReadOnly", "{\"v\":1,\"ACL\":{\"*\":{\"read\":true}}}").get("objectId").asText();
        assertThat(api.get("/classes/ReadOnly/" + id).get("v").asInt()).isEqualTo(1);
        assertThat(api.put("/classes/ReadOnly/" + id, "{\"v\":2}").code()).isEqualTo(101);
        assertThat(server.master().put("/classes/ReadOnly/" + id, "{\"v\":2}").status()).isEqualTo(200);
    }

    @Test
    void relationsAddRemoveAndQuery() {
        String a = api.post("/classes/Tag", "{\"name\":\"a\"}").get("objectId").asText();
        String b = api.post("/classes/Tag", "{\"name\":\"b\"}").get("objectId").asText();
        String post = api.post("/classes/Post", """
                {"tags":{"__op":"AddRelation","objects":[{"__type":"Pointer","className":"Tag","objectId":"%s"},
                 {"__type":"Pointer","className":"Tag","objectId":"%s"}]}}""".formatted(a, b)).get("objectId").asText();
        Api.Response got = api.get("/classes/Post/" + post);
        assertThat(got.get("tags").toString()).isEqualTo("{\"__type\":\"Relation\",\"className\":\"Tag\"}");
        String related = "{\"$relatedTo\":{\"object\":{\"__type\":\"Pointer\",\"className\":\"Post\",\"objectId\":\"%s\"},\"key\":\"tags\"}}"
                .formatted(post);
        assertThat(api.find("Tag", related).get("results").size()).isEqualTo(2);
        api.put("/classes/Post/" + post, """
                {"tags":{"__op":"RemoveRelation","objects":[{"__type":"Pointer","className":"Tag","objectId":"%s"}]}}"""
                .formatted(a));
        Api.Response after = api.find("Tag", related);
        assertThat(after.get("results").size()).isEqualTo(1);
        assertThat(after.get("results").get(0).path("name").asText()).isEqualTo("b");
        Api.Response owners = api.find("Post",
                "{\"tags\":{\"__type\":\"Pointer\",\"className\":\"Tag\",\"objectId\":\"%s\"}}".formatted(b));
        assertThat(owners.get("results").get(0).path("objectId").asText()).isEqualTo(post);
    }

    @Test
    void readOnlyMasterKeyReadsButCannotWrite() {
        try (TestServer ro = TestServer.start(java.util.Map.of("HELIOBASE_READ_ONLY_MASTER_KEY", "ro-key"))) {
            Api readOnly = ro.api().with("X-Parse-Master-Key", "ro-key");
            String id = ro.master().post("/classes/RO", "{\"v\":1,\"ACL\":{}}").get("objectId").asText();
            assertThat(readOnly.get("/classes/RO/" + id).get("v").asInt()).isEqualTo(1);
            Api.Response write = readOnly.post("/classes/RO", "{\"v\":2}");
            assertThat(write.status()).isEqualTo(400);
            assertThat(write.code()).isEqualTo(119);
            assertThat(readOnly.delete("/classes/RO/" + id).code()).isEqualTo(119);
        }
    }
}
