package io.heliobase.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The access rules as a table: caller × object ACL × class-level permissions × operation → status, Parse code and
 * which fields the caller sees. Each row gets a fresh class holding one object {title, secret, owner}.
 */
class AccessScenariosIT {
    private static final String OPEN = "{}";
    private static TestServer server;
    private static Map<String, Api> callers;
    private static String ownerId;
    private static String editorId;
    private static final AtomicInteger CLASS_COUNTER = new AtomicInteger();

    /** One row of the table. */
    record Scenario(String name, String caller, String acl, String clp, String op, int status, int code,
                    List<String> visible, List<String> hidden) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HELIOBASE_READ_ONLY_MASTER_KEY", "ro-key"));
        Api api = server.api();
        JsonNode owner = api.post("/users", "{\"username\":\"owner\",\"password\":\"pw\"}").json();
        JsonNode editor = api.post("/users", "{\"username\":\"editor\",\"password\":\"pw\"}").json();
        ownerId = owner.path("objectId").asText();
        editorId = editor.path("objectId").asText();
        server.master().post("/roles", "{\"name\":\"Editors\",\"ACL\":{\"*\":{\"read\":true}},\"users\":{\"__op\":"
                + "\"AddRelation\",\"objects\":[{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\""
                + editorId + "\"}]}}");
        callers = Map.of(
                "anonymous", api,
                "owner", api.with("X-Parse-Session-Token", owner.path("sessionToken").asText()),
                "editor", api.with("X-Parse-Session-Token", editor.path("sessionToken").asText()),
                "master", server.master(),
                "readOnlyMaster", api.with("X-Parse-Master-Key", "ro-key"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Scenario row(String name, String caller, String acl, String clp, String op, int status, int code,
                                List<String> visible, List<String> hidden) {
        return new Scenario(name, caller, acl, clp, op, status, code, visible, hidden);
    }

    static Stream<Scenario> scenarios() {
        String ownerOnly = "{\"%OWNER%\":{\"read\":true,\"write\":true}}";
        String editorsRead = "{\"role:Editors\":{\"read\":true},\"%OWNER%\":{\"read\":true,\"write\":true}}";
        String publicRead = "{\"*\":{\"read\":true}}";
        String masterOnly = "{}";
        String closedFind = "{\"find\":{},\"count\":{}}";
        String authOnly = "{\"get\":{\"requiresAuthentication\":true},\"find\":{\"requiresAuthentication\":true}}";
        String protectedSecret = "{\"protectedFields\":{\"*\":[\"secret\"],\"role:Editors\":[],\"userField:owner\":[]}}";
        String ownerPointer = "{\"get\":{},\"find\":{},\"update\":{},\"delete\":{},\"readUserFields\":[\"owner\"],"
                + "\"writeUserFields\":[\"owner\"]}";
        String editorsCreate = "{\"create\":{\"role:Editors\":true}}";
        List<String> all = List.of("title", "secret");
        List<String> none = List.of();
        return Stream.of(
            row("public object, anyone gets it", "anonymous", null, OPEN, "get", 200, 0, all, none),
            row("public object, anyone updates it", "anonymous", null, OPEN, "update", 200, 0, none, none),
            row("owner-only ACL hides it from the public as 101", "anonymous", ownerOnly, OPEN, "get", 404, 101, none, none),
            row("owner-only ACL hides it from another user", "editor", ownerOnly, OPEN, "get", 404, 101, none, none),
            row("owner-only ACL: the owner reads", "owner", ownerOnly, OPEN, "get", 200, 0, all, none),
            row("owner-only ACL: another user cannot update", "editor", ownerOnly, OPEN, "update", 404, 101, none, none),
            row("owner-only ACL: another user cannot delete", "editor", ownerOnly, OPEN, "delete", 404, 101, none, none),
            row("owner-only ACL: find shows nothing to others", "editor", ownerOnly, OPEN, "find", 200, 0, none, List.of("title")),
            row("role read: a member reads", "editor", editorsRead, OPEN, "get", 200, 0, all, none),
            row("role read: a member cannot write", "editor", editorsRead, OPEN, "update", 404, 101, none, none),
            row("public read: writes refused", "anonymous", publicRead, OPEN, "update", 404, 101, none, none),
            row("empty ACL: master only", "owner", masterOnly, OPEN, "get", 404, 101, none, none),
            row("empty ACL: master reads", "master", masterOnly, OPEN, "get", 200, 0, all, none),
            row("empty ACL: read-only master reads", "readOnlyMaster", masterOnly, OPEN, "get", 200, 0, all, none),
            row("read-only master cannot update", "readOnlyMaster", null, OPEN, "update", 400, 119, none, none),
            row("read-only master cannot create", "readOnlyMaster", null, OPEN, "create", 400, 119, none, none),
            row("CLP closed find is 119", "owner", null, closedFind, "find", 400, 119, none, none),
            row("CLP closed count is 119", "owner", null, closedFind, "count", 400, 119, none, none),
            row("CLP closed find still allows get", "owner", null, closedFind, "get", 200, 0, all, none),
            row("CLP closed find: master bypasses", "master", null, closedFind, "find", 200, 0, all, none),
            row("requiresAuthentication refuses the public with 101", "anonymous", null, authOnly, "get", 404, 101, none, none),
            row("requiresAuthentication admits a user", "editor", null, authOnly, "find", 200, 0, all, none),
            row("protected field hidden from the public", "anonymous", null, protectedSecret, "get", 200, 0,
                    List.of("title"), List.of("secret")),
            row("protected field visible to the role with an empty list", "editor", null, protectedSecret, "get", 200, 0,
                    all, none),
            row("protected field visible through userField:owner", "owner", null, protectedSecret, "find", 200, 0,
                    all, none),
            row("protected field: master sees everything", "master", null, protectedSecret, "find", 200, 0, all, none),
            row("pointer permission: owner reads", "owner", null, ownerPointer, "get", 200, 0, all, none),
            row("pointer permission: others get 101", "editor", null, ownerPointer, "get", 404, 101, none, none),
            row("pointer permission: others find nothing", "editor", null, ownerPointer, "find", 200, 0, none, List.of("title")),
            row("pointer permission: owner updates", "owner", null, ownerPointer, "update", 200, 0, none, none),
            row("pointer permission: others cannot delete", "editor", null, ownerPointer, "delete", 404, 101, none, none),
            row("pointer permission: the public is refused", "anonymous", null, ownerPointer, "find", 400, 119, none, none),
            row("role-only create: a member creates", "editor", null, editorsCreate, "create", 201, 0, none, none),
            row("role-only create: others are refused", "owner", null, editorsCreate, "create", 400, 119, none, none));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void accessFollowsTheRules(Scenario s) {
        String className = "Scenario" + CLASS_COUNTER.incrementAndGet();
        Api master = server.master();
        assertThat(master.post("/schemas/" + className, "{\"classLevelPermissions\":" + s.clp() + ",\"fields\":{"
                + "\"owner\":{\"type\":\"Pointer\",\"targetClass\":\"_User\"}}}").status()).isEqualTo(200);
        String acl = s.acl() == null ? "" : ",\"ACL\":" + s.acl().replace("%OWNER%", ownerId);
        String id = master.post("/classes/" + className, "{\"title\":\"t\",\"secret\":\"s\",\"owner\":{\"__type\":"
                + "\"Pointer\",\"className\":\"_User\",\"objectId\":\"" + ownerId + "\"}" + acl + "}").get("objectId").asText();
        Api caller = callers.get(s.caller());
        Api.Response response = switch (s.op()) {
            case "get" -> caller.get("/classes/" + className + "/" + id);
            case "find" -> caller.find(className, null);
            case "count" -> caller.find(className, null, "count", "1", "limit", "0");
            case "update" -> caller.put("/classes/" + className + "/" + id, "{\"title\":\"changed\"}");
            case "delete" -> caller.delete("/classes/" + className + "/" + id);
            case "create" -> caller.post("/classes/" + className, "{\"title\":\"new\"}");
            default -> throw new IllegalArgumentException(s.op());
        };
        assertThat(response.status()).as(response.text()).isEqualTo(s.status());
        if (s.code() != 0) {
            assertThat(response.code()).as(response.text()).isEqualTo(s.code());
        }
        JsonNode object = s.op().equals("find") ? response.json().path("results").path(0) : response.json();
        for (String field : s.visible()) {
            assertThat(object.has(field)).as("sees " + field + " in " + response.text()).isTrue();
        }
        for (String field : s.hidden()) {
            assertThat(object.has(field)).as("does not see " + field + " in " + response.text()).isFalse();
        }
    }
}
