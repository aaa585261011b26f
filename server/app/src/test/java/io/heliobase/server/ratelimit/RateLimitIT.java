package io.heliobase.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rate limits in Parse's option shape, including the ways around them Parse Server had: a verb tunnelled through
 * {@code _method}, and many requests packed into one {@code /batch}.
 */
class RateLimitIT {

    private static TestServer limited(String rules) {
        return TestServer.start(Map.of("HELIOBASE_RATE_LIMITS", rules));
    }

    @Test
    void theLimitAnswers429WithRetryAfterAndParsesBody() {
        try (TestServer server = limited("[{\"requestPath\":\"/classes/*\",\"requestTimeWindow\":60000,"
                + "\"requestCount\":3,\"requestMethods\":[\"GET\"]}]")) {
            Api api = server.api();
            for (int i = 0; i < 3; i++) {
                assertThat(api.find("Thing", null).status()).isEqualTo(200);
            }
            Api.Response limitedResponse = api.find("Thing", null);
            assertThat(limitedResponse.status()).isEqualTo(429);
            assertThat(limitedResponse.json().toString()).isEqualTo("{\"code\":100,\"error\":\"Too many requests.\"}");
            assertThat(limitedResponse.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(api.post("/classes/Thing", "{\"a\":1}").status()).as("POST is not limited").isEqualTo(201);
            assertThat(server.master().find("Thing", null).status()).as("master exempt by default").isEqualTo(200);
        }
    }

    @Test
    void methodOverrideDoesNotBypassTheLimit() {
        try (TestServer server = limited("{\"requestPath\":\"/classes/*\",\"requestTimeWindow\":60000,"
                + "\"requestCount\":2,\"requestMethods\":\"GET\"}")) {
            Api api = server.api();
            String tunnelled = "{\"_method\":\"GET\",\"where\":{}}";
            assertThat(api.post("/classes/Thing", tunnelled).status()).isEqualTo(200);
            assertThat(api.find("Thing", null).status()).isEqualTo(200);
            assertThat(api.post("/classes/Thing", tunnelled).status()).as("a tunnelled GET is a GET").isEqualTo(429);
        }
    }

    @Test
    void everySubRequestOfABatchCounts() {
        try (TestServer server = limited("[{\"requestPath\":\"/classes/*\",\"requestTimeWindow\":60000,"
                + "\"requestCount\":3,\"requestMethods\":[\"POST\"],\"errorResponseMessage\":\"Slow down.\"}]")) {
            StringBuilder batch = new StringBuilder("{\"requests\":[");
            for (int i = 0; i < 5; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/parse/classes/Thing\",\"body\":{\"i\":")
                        .append(i).append("}}");
            }
            Api.Response response = server.api().post("/batch", batch.append("]}").toString());
            assertThat(response.status()).isEqualTo(200);
            long ok = 0;
            long refused = 0;
            for (var item : response.json()) {
                if (item.has("success")) {
                    ok++;
                } else {
                    assertThat(item.path("error").path("code").asInt()).isEqualTo(100);
                    assertThat(item.path("error").path("error").asText()).isEqualTo("Slow down.");
                    refused++;
                }
            }
            assertThat(ok).isEqualTo(3);
            assertThat(refused).isEqualTo(2);
        }
    }

    @Test
    void loginsPackedIntoABatchAreLimitedOneByOne() {
        try (TestServer server = limited("{\"requestPath\":\"/login\",\"requestTimeWindow\":60000,"
                + "\"requestCount\":2}")) {
            server.api().post("/users", "{\"username\":\"victim\",\"password\":\"right\"}");
            StringBuilder batch = new StringBuilder("{\"requests\":[");
            for (int i = 0; i < 5; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/parse/login\",\"body\":"
                        + "{\"username\":\"victim\",\"password\":\"guess").append(i).append("\"}}");
            }
            var results = server.api().post("/batch", batch.append("]}").toString()).json();
            assertThat(results.get(0).path("error").path("code").asInt()).as("a wrong password").isEqualTo(101);
            assertThat(results.get(1).path("error").path("code").asInt()).isEqualTo(101);
            for (int i = 2; i < 5; i++) {
                assertThat(results.get(i).path("error").path("code").asInt()).as("guess %d", i).isEqualTo(100);
            }
            assertThat(server.api().post("/login", "{\"username\":\"victim\",\"password\":\"right\"}").status())
                    .as("the bucket is empty for direct logins too").isEqualTo(429);
        }
    }

    @Test
    void userZoneWithoutAUserFallsBackToTheAddress() {
        try (TestServer server = limited("[{\"requestPath\":\"/functions/*\",\"requestTimeWindow\":60000,"
                + "\"requestCount\":1,\"zone\":\"user\"},{\"requestPath\":\"/classes/*\",\"requestTimeWindow\":60000,"
                + "\"requestCount\":1,\"zone\":\"user\"}]")) {
            Api api = server.api();
            assertThat(api.find("Thing", null).status()).isEqualTo(200);
            assertThat(api.find("Thing", null).status()).as("no user: limited by address, not unlimited").isEqualTo(429);
        }
    }

    @Test
    void burstAndCombinedZones() {
        try (TestServer server = limited("{\"requestPath\":\"/classes/*\",\"requestTimeWindow\":60000,"
                + "\"requestCount\":1,\"burst\":3,\"zone\":\"ip+user\"}")) {
            Api anonymous = server.api();
            for (int i = 0; i < 3; i++) {
                assertThat(anonymous.find("Thing", null).status()).as("burst request %d", i).isEqualTo(200);
            }
            assertThat(anonymous.find("Thing", null).status()).isEqualTo(429);
            String token = anonymous.post("/users", "{\"username\":\"burster\",\"password\":\"pw\"}")
                    .get("sessionToken").asText();
            assertThat(anonymous.with("X-Parse-Session-Token", token).find("Thing", null).status())
                    .as("a user on the same address has a bucket of their own").isEqualTo(200);
        }
    }

    @Test
    void badRulesStopTheStartWithTheSettingsName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> limited("[{\"requestPath\":\"classes\"}]"))
                .hasMessageStartingWith("HELIOBASE_RATE_LIMITS");
    }
}
