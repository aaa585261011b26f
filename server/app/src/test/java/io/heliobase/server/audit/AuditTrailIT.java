package io.heliobase.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerPerClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit log records master-key writes, role changes and schema changes — never the values — and cannot be erased. */
class AuditTrailIT {
    @RegisterExtension
    static final ServerPerClass server = new ServerPerClass();
    private static final Api master = server.master();

    private static List<JsonNode> entries(String where) {
        List<JsonNode> out = new ArrayList<>();
        master.find("_Audit", where, "order", "createdAt").get("results").forEach(out::add);
        return out;
    }

    @Test
    void masterWritesRoleChangesAndSchemaChangesAreAudited() {
        String id = master.post("/classes/Ledger", "{\"amount\":987654321,\"memo\":\"secret memo\"}").get("objectId").asText();
        master.put("/classes/Ledger/" + id, "{\"amount\":43}");
        master.delete("/classes/Ledger/" + id);
        List<JsonNode> writes = entries("{\"targetId\":\"" + id + "\"}");
        assertThat(writes).extracting(e -> e.path("action").asText())
                .containsExactly("object.create", "object.update", "object.delete");
        assertThat(writes.getFirst().path("actor").asText()).isEqualTo("master");
        assertThat(writes.getFirst().path("detail").path("fields").toString()).contains("amount", "memo");
        assertThat(writes.toString()).doesNotContain("secret memo").doesNotContain("987654321");

        String userWrite = server.api().post("/classes/Ledger", "{\"amount\":1}").get("objectId").asText();
        assertThat(entries("{\"targetId\":\"" + userWrite + "\"}")).as("clients' own writes are theirs").isEmpty();

        Api.Response user = server.api().post("/users", "{\"username\":\"audit-role-user\",\"password\":\"pw\"}");
        String role = master.post("/roles", "{\"name\":\"Auditors\",\"ACL\":{\"*\":{\"read\":true}}}")
                .get("objectId").asText();
        master.put("/roles/" + role, "{\"users\":{\"__op\":\"AddRelation\",\"objects\":[{\"__type\":\"Pointer\","
                + "\"className\":\"_User\",\"objectId\":\"" + user.get("objectId").asText() + "\"}]}}");
        assertThat(entries("{\"targetClass\":\"_Role\",\"targetId\":\"" + role + "\"}"))
                .extracting(e -> e.path("action").asText()).containsExactly("object.create", "object.update");

        master.post("/schemas/Audited", "{\"fields\":{\"text\":{\"type\":\"String\"}}}");
        master.put("/schemas/Audited", "{\"classLevelPermissions\":{\"find\":{},\"get\":{\"*\":true}},"
                + "\"piiPolicies\":{\"text\":{\"action\":\"redact\"}}}");
        master.delete("/schemas/Audited");
        List<JsonNode> schema = entries("{\"targetClass\":\"Audited\"}");
        assertThat(schema).extracting(e -> e.path("action").asText())
                .containsExactly("schema.create", "schema.update", "schema.delete");
        assertThat(schema.get(1).path("detail").path("changed").toString()).contains("classLevelPermissions",
                "piiPolicies");
    }

    @Test
    void concurrentMasterWritesAndBatchesGetOneEntryEach() throws Exception {
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 24; i++) {
                int n = i;
                pool.submit(() -> ids.add(master.post("/classes/Burst", "{\"n\":" + n + "}").get("objectId").asText()));
            }
            pool.submit(() -> {
                StringBuilder batch = new StringBuilder("{\"requests\":[");
                for (int i = 0; i < 20; i++) {
                    batch.append(i == 0 ? "" : ",")
                            .append("{\"method\":\"POST\",\"path\":\"/parse/classes/Burst\",\"body\":{\"n\":")
                            .append(100 + i).append("}}");
                }
                master.post("/batch", batch.append("]}").toString()).json()
                        .forEach(result -> ids.add(result.path("success").path("objectId").asText()));
            });
        }
        assertThat(ids).hasSize(44).doesNotHaveDuplicates().allMatch(id -> id.length() == 10);
        List<String> audited = new ArrayList<>();
        master.find("_Audit", "{\"targetClass\":\"Burst\",\"action\":\"object.create\"}", "limit", "1000")
                .get("results").forEach(entry -> audited.add(entry.path("targetId").asText()));
        assertThat(audited).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void theAuditLogCannotBeErased() {
        master.post("/classes/Thing", "{\"a\":1}");
        assertThat(master.delete("/purge/_Audit").code()).isEqualTo(119);
        assertThat(master.delete("/schemas/_Audit").code()).isEqualTo(119);
        String entry = entries("{}").getFirst().path("objectId").asText();
        assertThat(master.delete("/classes/_Audit/" + entry).code()).isEqualTo(119);
        assertThat(server.api().find("_Audit", "{}").status()).isNotEqualTo(200);
        assertThat(entries("{}")).isNotEmpty();
    }
}
