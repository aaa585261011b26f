package io.heliobase.server.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** /aggregate: master key only, Parse field names in pipelines, distinct, and no server-side JavaScript. */
class AggregateApiIT {

    private static String q(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    @Test
    void groupMatchSortAndDistinct() {
        try (TestServer server = TestServer.start()) {
            var api = server.api();
            api.post("/classes/Sale", "{\"region\":\"n\",\"amount\":5}");
            api.post("/classes/Sale", "{\"region\":\"n\",\"amount\":7}");
            api.post("/classes/Sale", "{\"region\":\"s\",\"amount\":1}");
            assertThat(api.get("/aggregate/Sale?pipeline=" + q("[]")).status()).isEqualTo(403);
            var grouped = server.master().get("/aggregate/Sale?pipeline=" + q("""
                    [{"$match":{"amount":{"$gt":0}}},{"$group":{"_id":"$region","total":{"$sum":"$amount"}}},
                     {"$sort":{"total":-1}}]"""));
            assertThat(grouped.status()).as(grouped.text()).isEqualTo(200);
            var results = grouped.get("results");
            assertThat(results.get(0).path("objectId").asText()).isEqualTo("n");
            assertThat(results.get(0).path("total").asInt()).isEqualTo(12);
            var distinct = server.master().get("/aggregate/Sale?distinct=region");
            assertThat(distinct.get("results").toString()).contains("\"n\"").contains("\"s\"");
            var byDate = server.master().get("/aggregate/Sale?pipeline=" + q(
                    "[{\"$group\":{\"_id\":null,\"first\":{\"$min\":\"$createdAt\"}}}]"));
            assertThat(byDate.get("results").get(0).path("first").path("__type").asText()).isEqualTo("Date");
            var js = server.master().get("/aggregate/Sale?pipeline=" + q(
                    "[{\"$group\":{\"_id\":{\"$function\":{\"body\":\"x\",\"args\":[],\"lang\":\"js\"}}}}]"));
            assertThat(js.code()).isEqualTo(102);
            var out = server.master().get("/aggregate/Sale?pipeline=" + q("[{\"$out\":\"Stolen\"}]"));
            assertThat(out.code()).isEqualTo(102);
        }
    }
}
