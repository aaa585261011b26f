package io.heliobase.server.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /batch: in-process sub-requests, per-item results, limits, and transactions refused on the embedded store. */
class BatchApiIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api api = server.api();

    @Test
    void subRequestsRunInOrderWithPerItemResults() {
        String id = api.post("/classes/B", "{\"n\":1}").get("objectId").asText();
        Api.Response response = api.post("/batch", """
                {"requests":[
                  {"method":"POST","path":"/parse/classes/B","body":{"n":2}},
                  {"method":"PUT","path":"/parse/classes/B/%s","body":{"n":{"__op":"Increment","amount":10}}},
                  {"method":"POST","path":"/parse/classes/B","body":{"n":"not a number"}},
                  {"method":"GET","path":"/parse/classes/B/%s"},
                  {"method":"DELETE","path":"/parse/classes/B/nosuchobj1"}]}""".formatted(id, id));
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        var results = response.json();
        assertThat(results.get(0).path("success").path("objectId").asText()).hasSize(10);
        assertThat(results.get(1).path("success").path("n").asInt()).isEqualTo(11);
        assertThat(results.get(2).path("error").path("code").asInt()).isEqualTo(111);
        assertThat(results.get(3).path("success").path("n").asInt()).isEqualTo(11);
        assertThat(results.get(4).path("error").path("code").asInt()).isEqualTo(101);
    }

    @Test
    void aBatchOfCreatesKeepsTheOrderOfItsResults() {
        StringBuilder body = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < 30; i++) {
            String value = i == 17 ? "\"not a number\"" : Integer.toString(i);
            body.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/parse/classes/Many\",\"body\":{\"i\":")
                    .append(value).append("}}");
        }
        api.post("/classes/Many", "{\"i\":-1}");
        Api.Response response = api.post("/batch", body.append("]}").toString());
        var results = response.json();
        assertThat(results).hasSize(30);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 30; i++) {
            if (i == 17) {
                assertThat(results.get(i).path("error").path("code").asInt()).isEqualTo(111);
            } else {
                String id = results.get(i).path("success").path("objectId").asText();
                assertThat(ids.add(id)).isTrue();
                assertThat(api.get("/classes/Many/" + id).get("i").asInt()).as("result %d is object %d", i, i).isEqualTo(i);
            }
        }
    }

    @Test
    void aBatchOfCreatesAcrossClassesAnswersEachInPlace() {
        Api.Response response = api.post("/batch", """
                {"requests":[
                  {"method":"POST","path":"/parse/classes/Left","body":{"side":"l1"}},
                  {"method":"POST","path":"/parse/classes/Right","body":{"side":"r1"}},
                  {"method":"POST","path":"/parse/classes/_Role","body":{"name":"batchRole","ACL":{"*":{"read":true}}}},
                  {"method":"POST","path":"/parse/classes/Left","body":{"side":{"__op":"Increment","amount":1}}},
                  {"method":"POST","path":"/parse/classes/Right","body":{"side":"r2"}},
                  {"method":"POST","path":"/parse/classes/_Role","body":{"name":"batchRole","ACL":{"*":{"read":true}}}}]}""");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        var results = response.json();
        assertThat(results).hasSize(6);
        String[] expected = {"Left:l1", "Right:r1", null, null, "Right:r2", null};
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != null) {
                String[] classAndSide = expected[i].split(":");
                String id = results.get(i).path("success").path("objectId").asText();
                assertThat(api.get("/classes/" + classAndSide[0] + "/" + id).get("side").asText())
                        .as("result %d", i).isEqualTo(classAndSide[1]);
            }
        }
        assertThat(results.get(2).path("success").path("objectId").asText()).hasSize(10);
        assertThat(results.get(3).path("error").path("code").asInt()).as(results.toString()).isEqualTo(111);
        assertThat(results.get(5).path("error").path("code").asInt()).as(results.toString()).isEqualTo(137);
        assertThat(api.get("/classes/Left").get("results")).hasSize(1);
    }

    @Test
    void aBadPathRefusesTheWholeBatchBeforeAnyWrite() {
        Api.Response response = api.post("/batch", """
                {"requests":[{"method":"POST","path":"/parse/classes/Never","body":{"n":1}},
                             {"method":"POST","path":"/elsewhere/classes/B","body":{}}]}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo(107);
        assertThat(server.master().get("/schemas/Never").code()).isEqualTo(103);
    }

    @Test
    void nestedBatchesAndOversizedBatchesAreRefused() {
        Api.Response nested = api.post("/batch", "{\"requests\":[{\"method\":\"POST\",\"path\":\"/parse/batch\",\"body\":{}}]}");
        assertThat(nested.code()).isEqualTo(107);
        StringBuilder many = new StringBuilder("{\"requests\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/parse/classes/Many\",\"body\":{}}");
        }
        Api.Response tooMany = api.post("/batch", many.append("]}").toString());
        assertThat(tooMany.code()).isEqualTo(107);
        assertThat(tooMany.get("error").asText()).contains("maxBatchSize");
    }

    @Test
    void transactionsAreRefusedClearlyOnTheEmbeddedStore() {
        Api.Response response = api.post("/batch", """
                {"transaction":true,"requests":[{"method":"POST","path":"/parse/classes/Tx","body":{"n":1}}]}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo(108);
        assertThat(server.master().get("/schemas/Tx").code()).isEqualTo(103);
    }

    @Test
    void requestsMustBeAnArray() {
        assertThat(api.post("/batch", "{\"requests\":{}}").code()).isEqualTo(107);
    }
}
