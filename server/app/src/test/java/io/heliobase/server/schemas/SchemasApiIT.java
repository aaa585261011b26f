package io.heliobase.server.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /schemas and /purge: master key only, create, add and delete fields and indexes, CLP, drop only when empty. */
class SchemasApiIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api master = server.master();

    @Test
    void schemasNeedTheMasterKey() {
        Api.Response response = server.api().get("/schemas");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.get("error").asText()).isEqualTo("unauthorized: master key is required");
    }

    @Test
    void createWithFieldsOptionsCLPAndIndexes() {
        Api.Response created = master.post("/schemas/Game", """
                {"className":"Game","fields":{"title":{"type":"String","required":true},
                 "score":{"type":"Number","defaultValue":7},"owner":{"type":"Pointer","targetClass":"_User"},
                 "members":{"type":"Relation","targetClass":"_User"}},
                 "classLevelPermissions":{"find":{"*":true},"get":{"*":true},"create":{"*":true},"delete":{}},
                 "indexes":{"title_score":{"title":1,"score":-1}}}""");
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        assertThat(created.get("className").asText()).isEqualTo("Game");
        assertThat(created.get("fields").path("owner").toString())
                .isEqualTo("{\"type\":\"Pointer\",\"targetClass\":\"_User\"}");
        assertThat(created.get("fields").path("title").path("required").asBoolean()).isTrue();
        assertThat(created.get("fields").path("objectId").path("type").asText()).isEqualTo("String");
        assertThat(created.get("classLevelPermissions").path("delete").toString()).isEqualTo("{}");
        assertThat(created.get("indexes").has("title_score")).isTrue();

        Api api = server.api();
        Api.Response missing = api.post("/classes/Game", "{\"score\":1}");
        assertThat(missing.code()).isEqualTo(142);
        String id = api.post("/classes/Game", "{\"title\":\"t\"}").get("objectId").asText();
        assertThat(api.get("/classes/Game/" + id).get("score").asInt()).isEqualTo(7);
        Api.Response denied = api.delete("/classes/Game/" + id);
        assertThat(denied.code()).isEqualTo(119);
        assertThat(denied.get("error").asText()).isEqualTo("Permission denied for action delete on class Game.");

        Api.Response again = master.post("/schemas/Game", "{}");
        assertThat(again.code()).isEqualTo(103);
    }

    @Test
    void updateAddsAndDeletesFieldsAndIndexes() {
        master.post("/schemas", "{\"className\":\"Doc\",\"fields\":{\"a\":{\"type\":\"String\"}}}");
        String id = master.post("/classes/Doc", "{\"a\":\"x\"}").get("objectId").asText();
        Api.Response updated = master.put("/schemas/Doc", """
                {"fields":{"a":{"__op":"Delete"},"b":{"type":"Date"}},"indexes":{"by_b":{"b":1}}}""");
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.get("fields").has("a")).isFalse();
        assertThat(updated.get("fields").path("b").path("type").asText()).isEqualTo("Date");
        assertThat(master.get("/classes/Doc/" + id).json().has("a")).isFalse();
        assertThat(master.put("/schemas/Doc", "{\"fields\":{\"b\":{\"type\":\"String\"}}}").code()).isEqualTo(255);
        assertThat(master.put("/schemas/Doc", "{\"fields\":{\"zz\":{\"__op\":\"Delete\"}}}").code()).isEqualTo(255);
        Api.Response dropIndex = master.put("/schemas/Doc", "{\"indexes\":{\"by_b\":{\"__op\":\"Delete\"}}}");
        assertThat(dropIndex.status()).as(dropIndex.text()).isEqualTo(200);
        assertThat(dropIndex.json().path("indexes").has("by_b")).isFalse();
    }

    @Test
    void dropOnlyWhenEmptyAndPurgeEmpties() {
        master.post("/classes/Temp", "{\"a\":1}");
        Api.Response refused = master.delete("/schemas/Temp");
        assertThat(refused.code()).isEqualTo(255);
        assertThat(refused.get("error").asText()).isEqualTo("Class Temp is not empty, contains 1 objects, cannot drop schema.");
        assertThat(master.delete("/purge/Temp").status()).isEqualTo(200);
        assertThat(master.delete("/schemas/Temp").status()).isEqualTo(200);
        assertThat(master.get("/schemas/Temp").code()).isEqualTo(103);
    }

    @Test
    void invalidSchemasAreRefused() {
        assertThat(master.post("/schemas/Bad", "{\"fields\":{\"p\":{\"type\":\"Pointer\"}}}").code()).isEqualTo(135);
        assertThat(master.post("/schemas/Bad", "{\"fields\":{\"p\":{\"type\":\"Weird\"}}}").code()).isEqualTo(111);
        assertThat(master.post("/schemas/Bad", "{\"fields\":{\"1p\":{\"type\":\"String\"}}}").code()).isEqualTo(105);
        assertThat(master.post("/schemas/Bad", "{\"classLevelPermissions\":{\"find\":{\"*\":false}}}").code())
                .isEqualTo(107);
        assertThat(master.post("/schemas/Bad", "{\"indexes\":{\"i\":{\"nope\":1}}}").code()).isEqualTo(102);
        assertThat(master.get("/schemas/Bad").code()).isEqualTo(103);
    }

    @Test
    void listIncludesEveryClass() {
        master.post("/classes/Listed", "{\"a\":1}");
        Api.Response list = master.get("/schemas");
        assertThat(list.get("results").findValuesAsText("className")).contains("Listed");
    }
}
