package io.heliobase.server.classes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The where language, find options, include and count against a fixed data set. */
class QueriesApiIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api api = server.api();
    private static String authorA;

    @BeforeAll
    static void seed() {
        authorA = api.post("/classes/Author", "{\"name\":\"Ann\",\"country\":\"NO\"}").get("objectId").asText();
        String authorB = api.post("/classes/Author", "{\"name\":\"Bob\",\"country\":\"SE\"}").get("objectId").asText();
        String[] rows = {
            "{\"name\":\"alpha\",\"score\":10,\"tags\":[\"x\",\"y\"],\"info\":{\"level\":1},\"author\":%A,\"done\":true}",
            "{\"name\":\"beta\",\"score\":20,\"tags\":[\"y\"],\"info\":{\"level\":2},\"author\":%B,\"done\":false}",
            "{\"name\":\"gamma\",\"score\":30,\"tags\":[\"z\"],\"info\":{\"level\":3},\"author\":%A}",
            "{\"name\":\"Delta\",\"score\":40,\"tags\":[],\"when\":{\"__type\":\"Date\",\"iso\":\"2020-01-01T00:00:00.000Z\"}}",
        };
        for (String row : rows) {
            api.post("/classes/Item", row.replace("%A", pointer(authorA)).replace("%B", pointer(authorB)));
        }
    }

    private static String pointer(String id) {
        return "{\"__type\":\"Pointer\",\"className\":\"Author\",\"objectId\":\"" + id + "\"}";
    }

    private static List<String> names(String where, String... params) {
        Api.Response response = api.find("Item", where, params);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.get("results").forEach(o -> names.add(o.path("name").asText()));
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"score\":20}|beta",
        "{\"score\":{\"$gt\":20}}|gamma,Delta",
        "{\"score\":{\"$gte\":20,\"$lt\":40}}|beta,gamma",
        "{\"score\":{\"$lte\":10}}|alpha",
        "{\"score\":{\"$ne\":10}}|beta,gamma,Delta",
        "{\"name\":{\"$in\":[\"alpha\",\"gamma\"]}}|alpha,gamma",
        "{\"name\":{\"$nin\":[\"alpha\",\"gamma\"]}}|beta,Delta",
        "{\"tags\":\"y\"}|alpha,beta",
        "{\"tags\":{\"$all\":[\"x\",\"y\"]}}|alpha",
        "{\"tags\":{\"$containedBy\":[\"y\",\"z\"]}}|beta,gamma,Delta",
        "{\"done\":{\"$exists\":true}}|alpha,beta",
        "{\"done\":{\"$exists\":false}}|gamma,Delta",
        "{\"name\":{\"$regex\":\"^\\\\Qdel\\\\E\",\"$options\":\"i\"}}|Delta",
        "{\"name\":{\"$regex\":\"a$\"}}|alpha,beta,gamma,Delta",
        "{\"info.level\":{\"$gte\":2}}|beta,gamma",
        "{\"$or\":[{\"score\":10},{\"name\":\"Delta\"}]}|alpha,Delta",
        "{\"$and\":[{\"score\":{\"$gt\":10}},{\"score\":{\"$lt\":40}}]}|beta,gamma",
        "{\"$nor\":[{\"score\":10},{\"score\":20}]}|gamma,Delta",
        "{\"when\":{\"$lt\":{\"__type\":\"Date\",\"iso\":\"2021-01-01T00:00:00.000Z\"}}}|Delta",
        "{\"when\":{\"$lt\":{\"$relativeTime\":\"1 day ago\"}}}|Delta",
        "{\"createdAt\":{\"$gt\":{\"$relativeTime\":\"1 hour ago\"}}}|alpha,beta,gamma,Delta",
        "{\"author\":{\"$inQuery\":{\"where\":{\"country\":\"NO\"},\"className\":\"Author\"}}}|alpha,gamma",
        "{\"author\":{\"$notInQuery\":{\"where\":{\"country\":\"NO\"},\"className\":\"Author\"}}}|beta,Delta",
    })
    void whereConstraintsSelectTheRightObjects(String where, String expected) {
        assertThat(names(where, "order", "score")).containsExactly(expected.split(","));
    }

    @Test
    void pointerEqualityAndSelect() {
        assertThat(names("{\"author\":" + pointer(authorA) + "}", "order", "score")).containsExactly("alpha", "gamma");
        String select = "{\"name\":{\"$select\":{\"query\":{\"className\":\"Item\",\"where\":{\"score\":{\"$lt\":25}}},\"key\":\"name\"}}}";
        assertThat(names(select, "order", "score")).containsExactly("alpha", "beta");
    }

    @Test
    void orderLimitSkipAndCount() {
        assertThat(names(null, "order", "-score", "limit", "2")).containsExactly("Delta", "gamma");
        assertThat(names(null, "order", "score", "skip", "1", "limit", "2")).containsExactly("beta", "gamma");
        Api.Response counted = api.find("Item", "{\"score\":{\"$gt\":10}}", "count", "1", "limit", "0");
        assertThat(counted.get("count").asInt()).isEqualTo(3);
        assertThat(counted.get("results").size()).isZero();
        Api.Response both = api.find("Item", null, "count", "1", "limit", "1");
        assertThat(both.get("count").asInt()).isEqualTo(4);
        assertThat(both.get("results").size()).isEqualTo(1);
    }

    @Test
    void keysAndExcludeKeysProject() {
        JsonNode first = api.find("Item", "{\"name\":\"alpha\"}", "keys", "score").get("results").get(0);
        assertThat(first.has("score")).isTrue();
        assertThat(first.has("name")).isFalse();
        assertThat(first.has("objectId") && first.has("createdAt") && first.has("updatedAt")).isTrue();
        JsonNode excluded = api.find("Item", "{\"name\":\"alpha\"}", "excludeKeys", "score,tags").get("results").get(0);
        assertThat(excluded.has("score") || excluded.has("tags")).isFalse();
        assertThat(excluded.get("name").asText()).isEqualTo("alpha");
    }

    @Test
    void includeReplacesPointersAndDotKeysProjectIncluded() {
        JsonNode alpha = api.find("Item", "{\"name\":\"alpha\"}", "include", "author").get("results").get(0);
        assertThat(alpha.path("author").path("__type").asText()).isEqualTo("Object");
        assertThat(alpha.path("author").path("className").asText()).isEqualTo("Author");
        assertThat(alpha.path("author").path("name").asText()).isEqualTo("Ann");
        JsonNode projected = api.find("Item", "{\"name\":\"alpha\"}", "keys", "author.country").get("results").get(0);
        assertThat(projected.path("author").path("country").asText()).isEqualTo("NO");
        assertThat(projected.path("author").has("name")).isFalse();
        assertThat(projected.has("score")).isFalse();
        JsonNode plain = api.find("Item", "{\"name\":\"alpha\"}").get("results").get(0);
        assertThat(plain.path("author").path("__type").asText()).isEqualTo("Pointer");
    }

    @Test
    void includeFollowsNestedPathsAndPointerArrays() {
        String book = api.post("/classes/Book", "{\"title\":\"T\",\"author\":" + pointer(authorA) + "}")
                .get("objectId").asText();
        String shelf = api.post("/classes/Shelf", "{\"books\":[{\"__type\":\"Pointer\",\"className\":\"Book\",\"objectId\":\""
                + book + "\"}],\"top\":{\"__type\":\"Pointer\",\"className\":\"Book\",\"objectId\":\"" + book + "\"}}")
                .get("objectId").asText();
        JsonNode got = api.get("/classes/Shelf/" + shelf + "?include=books,top.author").json();
        assertThat(got.path("books").get(0).path("title").asText()).isEqualTo("T");
        assertThat(got.path("top").path("author").path("name").asText()).isEqualTo("Ann");
    }

    @Test
    void aQueryOnAClassThatDoesNotExistIsEmpty() {
        Api.Response response = api.find("NeverWritten", "{\"a\":1}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.get("results").size()).isZero();
    }

    @Test
    void sdkStylePostWithMethodOverrideRunsAQuery() {
        Api.Response response = server.api().without("X-Parse-Application-Id").sendBytes("POST", "/classes/Item",
                ("{\"where\":{\"score\":{\"$gte\":30}},\"order\":\"score\",\"_method\":\"GET\","
                        + "\"_ApplicationId\":\"test-app\",\"_ClientVersion\":\"js8.0.0\",\"_InstallationId\":\"i1\"}")
                        .getBytes(), "text/plain");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.get("results").size()).isEqualTo(2);
    }
}
