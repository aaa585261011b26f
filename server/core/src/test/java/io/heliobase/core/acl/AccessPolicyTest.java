package io.heliobase.core.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.ClassSchema;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private static final Caller ALICE = new Caller.User("alice", "r:x", Set.of("Staff"));
    private static final Caller BOB = new Caller.User("bob", "r:y", Set.of());

    @Test
    void aclEntriesGrantByUserRoleAndPublic() {
        var acl = Json.parse("{\"alice\":{\"read\":true},\"role:Staff\":{\"write\":true}}");
        assertThat(AccessPolicy.canRead(ALICE, acl)).isTrue();
        assertThat(AccessPolicy.canWrite(ALICE, acl)).isTrue();
        assertThat(AccessPolicy.canRead(BOB, acl)).isFalse();
        assertThat(AccessPolicy.canRead(Caller.ANONYMOUS, Json.parse("{\"*\":{\"read\":true}}"))).isTrue();
        assertThat(AccessPolicy.canRead(Caller.ANONYMOUS, null)).as("no ACL is public").isTrue();
        assertThat(AccessPolicy.canRead(Caller.ANONYMOUS, Json.object())).as("empty ACL is master only").isFalse();
        assertThat(AccessPolicy.canWrite(Caller.READ_ONLY_MASTER, null)).isFalse();
        assertThat(AccessPolicy.canRead(Caller.MASTER, Json.object())).isTrue();
    }

    @Test
    void protectedFieldsIntersectEveryGroupTheCallerIsIn() {
        var clp = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                "{\"protectedFields\":{\"*\":[\"a\",\"b\",\"c\"],\"authenticated\":[\"a\",\"b\"],\"role:Staff\":[\"a\"],"
                        + "\"userField:owner\":[]}}");
        ClassSchema schema = new ClassSchema("Doc", Map.of(), clp, null, null);
        assertThat(AccessPolicy.protectedFields(schema, Caller.ANONYMOUS)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(AccessPolicy.protectedFields(schema, BOB)).containsExactlyInAnyOrder("a", "b");
        assertThat(AccessPolicy.protectedFields(schema, ALICE)).containsExactly("a");
        var owned = Json.object();
        owned.set("owner", Json.parse("{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\"bob\"}"));
        assertThat(AccessPolicy.protectedFields(schema, BOB, owned)).isEmpty();
        assertThat(AccessPolicy.protectedFields(schema, Caller.MASTER)).isEmpty();
    }

    @Test
    void redactRemovesInternalAndProtectedFieldsAndUserSecrets() {
        var object = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                "{\"objectId\":\"u1\",\"username\":\"u\",\"email\":\"e@x\",\"_hashed_password\":\"h\",\"authData\":{},"
                        + "\"sessionToken\":\"r:t\"}");
        AccessPolicy.redact(ClassSchema.empty("_User"), BOB, object);
        assertThat(object.fieldNames()).toIterable().containsExactlyInAnyOrder("objectId", "username");
        var self = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                "{\"objectId\":\"bob\",\"email\":\"e@x\",\"authData\":{\"a\":{\"id\":\"1\"}}}");
        AccessPolicy.redact(ClassSchema.empty("_User"), BOB, self);
        assertThat(self.has("email") && self.has("authData")).as("a user sees their own").isTrue();
    }
}
