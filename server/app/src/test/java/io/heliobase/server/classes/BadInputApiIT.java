package io.heliobase.server.classes;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile or malformed input gets a clear 4xx with Parse's code: never a 500, never a partial write. */
class BadInputApiIT {
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HELIOBASE_MAX_BODY_SIZE", "64kb"));
        api = server.api();
        api.post("/classes/Victim", "{\"name\":\"only\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON|{\"a\":|400|107",
        "a JSON array|[1,2]|400|107",
        "__proto__ key|{\"__proto__\":{\"x\":1}}|400|105",
        "constructor key|{\"constructor\":1}|400|105",
        "nested _bsontype|{\"a\":{\"_bsontype\":\"Code\"}}|400|105",
        "leading underscore field|{\"_hashed_password\":\"x\"}|400|105",
        "dollar in nested key|{\"a\":{\"$set\":1}}|400|121",
        "objectId in body|{\"objectId\":\"abc\"}|400|105",
        "unknown __op|{\"a\":{\"__op\":\"Explode\"}}|400|107",
        "unknown __type|{\"a\":{\"__type\":\"Weird\"}}|400|111",
        "bad date|{\"a\":{\"__type\":\"Date\",\"iso\":\"yesterday\"}}|400|111",
        "geopoint out of range|{\"g\":{\"__type\":\"GeoPoint\",\"latitude\":91,\"longitude\":0}}|400|107",
        "bad ACL|{\"ACL\":{\"*\":{\"read\":\"yes\"}}}|400|123",
        "increment without number|{\"n\":{\"__op\":\"Increment\",\"amount\":\"1\"}}|400|107",
    })
    void badCreatesAreRefusedWithoutWriting(String name, String body, int status, int code) {
        Api.Response response = api.post("/classes/Victim", body);
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.code()).as(response.text()).isEqualTo(code);
        assertThat(api.find("Victim", null).get("results").size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "$where|{\"$where\":\"sleep(1000)\"}|105",
        "field $where|{\"a\":{\"$where\":\"1\"}}|107",
        "$function|{\"a\":{\"$function\":{}}}|107",
        "$expr|{\"$expr\":{\"$gt\":[1,0]}}|105",
        "unknown operator|{\"a\":{\"$foo\":1}}|107",
        "query on ACL|{\"ACL\":{\"*\":{\"read\":true}}}|102",
        "bad $in|{\"a\":{\"$in\":5}}|102",
        "bad regex options|{\"a\":{\"$regex\":\"x\",\"$options\":\"z\"}}|102",
        "broken regex|{\"a\":{\"$regex\":\"(\"}}|102",
        "empty $or|{\"$or\":[]}|102",
        "invalid key|{\"a-b\":1}|105",
        "where is not an object|[1]|102",
    })
    void badQueriesAreRefused(String name, String where, int code) {
        Api.Response response = api.find("Victim", where);
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.code()).as(response.text()).isEqualTo(code);
    }

    @Test
    void aLimitOfAMillionIsRefused() {
        Api.Response response = api.find("Victim", null, "limit", "1000000");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo(102);
        assertThat(response.get("error").asText()).contains("maxLimit");
    }

    @Test
    void unknownFindParameterIs102() {
        Api.Response response = api.find("Victim", null, "bogus", "1");
        assertThat(response.code()).isEqualTo(102);
        assertThat(response.get("error").asText()).isEqualTo("Invalid parameter for query: bogus");
    }

    @Test
    void deeplyNestedJsonIsRefusedBeforeItIsBuilt() {
        String deep = "{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}";
        Api.Response response = api.post("/classes/Victim", deep);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo(107);
        assertThat(response.get("error").asText()).contains("nesting depth");
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"a\":\"" + "x".repeat(70_000) + "\"}";
        Api.Response response = api.post("/classes/Victim", big);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.get("error").asText()).contains("maxBodySize");
        assertThat(api.find("Victim", null).get("results").size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "digit first|/classes/1abc",
        "unknown system class|/classes/_Secret",
        "dash|/classes/a-b",
    })
    void invalidClassNamesAre103(String name, String path) {
        Api.Response response = api.post(path, "{\"a\":1}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo(103);
    }

    @Test
    void wrongAppIdOrKeysAre403Unauthorized() {
        Api.Response noApp = server.api().without("X-Parse-Application-Id").get("/classes/Victim");
        assertThat(noApp.status()).isEqualTo(403);
        assertThat(noApp.json().toString()).isEqualTo("{\"error\":\"unauthorized\"}");
        Api.Response wrongMaster = api.with("X-Parse-Master-Key", "guess").get("/schemas");
        assertThat(wrongMaster.status()).isEqualTo(403);
        assertThat(wrongMaster.get("error").asText()).isEqualTo("unauthorized: master key is required");
        Api.Response wrongMasterOnData = api.with("X-Parse-Master-Key", "guess").get("/classes/Victim");
        assertThat(wrongMasterOnData.status()).as("a wrong master key is just not the master key").isEqualTo(200);
        Api.Response badSession = api.with("X-Parse-Session-Token", "r:nope").get("/classes/Victim");
        assertThat(badSession.status()).isEqualTo(400);
        assertThat(badSession.code()).isEqualTo(209);
    }

    @Test
    void clientClassCreationIsOffByDefault() {
        try (TestServer strict = TestServer.start(Map.of("HELIOBASE_ALLOW_CLIENT_CLASS_CREATION", "false"))) {
            Api.Response refused = strict.api().post("/classes/Fresh", "{\"a\":1}");
            assertThat(refused.code()).isEqualTo(119);
            assertThat(strict.master().post("/classes/Fresh", "{\"a\":1}").status()).isEqualTo(201);
            assertThat(strict.api().post("/classes/Fresh", "{\"a\":2}").status()).isEqualTo(201);
        }
    }

    @Test
    void masterKeyFromAnAddressOutsideMasterKeyIpsIsRefused() {
        try (TestServer remoteOnly = TestServer.start(Map.of("HELIOBASE_MASTER_KEY_IPS", "10.1.2.3/32"))) {
            Api.Response response = remoteOnly.master().get("/classes/Anything");
            assertThat(response.status()).isEqualTo(403);
        }
    }

    @Test
    void clientKeysAreEnforcedWhenConfigured() {
        try (TestServer keyed = TestServer.start(Map.of("HELIOBASE_REST_API_KEY", "rest-key"))) {
            assertThat(keyed.api().get("/classes/Anything").status()).isEqualTo(403);
            assertThat(keyed.api().with("X-Parse-REST-API-Key", "rest-key").get("/classes/Anything").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void corsPreflightAndHeadersMatchParse() {
        Api.Response preflight = server.api().send("OPTIONS", "/classes/Victim", null);
        assertThat(preflight.status()).isEqualTo(200);
        var headers = preflight.raw().headers();
        assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(headers.firstValue("Access-Control-Allow-Headers").orElse("")).contains("X-Parse-Session-Token");
        assertThat(headers.firstValue("Access-Control-Expose-Headers").orElse("")).contains("X-Parse-Job-Status-Id");
    }
}
