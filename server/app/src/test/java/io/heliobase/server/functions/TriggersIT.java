package io.heliobase.server.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** beforeSave/afterSave/beforeDelete/afterDelete triggers around REST writes. */
class TriggersIT {
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        Path cloud = Files.createTempDirectory("cloud-triggers").resolve("main.js");
        Files.writeString(cloud, """
                Parse.Cloud.beforeSave('Note', (request) => {
                  const text = request.object.get('text');
                  if (text === 'forbidden') { throw new Parse.Error(142, 'no forbidden notes'); }
                  request.object.set('length', text ? text.length : 0);
                  request.object.set('edited', request.original ? true : false);
                  request.object.unset('scratch');
                  request.object.set('objectId', 'forged');
                });
                Parse.Cloud.afterSave('Note', () => { throw new Error('after save failures are only logged'); });
                Parse.Cloud.beforeDelete('Note', (request) => {
                  if (request.object.get('pinned')) { throw new Parse.Error(119, 'pinned notes stay'); }
                });
                Parse.Cloud.beforeSave('Slow', () => { for (;;) {} });
                Parse.Cloud.afterFind('Card', (request) => {
                  for (const card of request.objects) { card.unset('draft'); card.set('askedFor', JSON.stringify(request.query.toJSON().where)); }
                  return request.objects.filter((card) => !card.get('hidden'));
                });
                Parse.Cloud.afterFind('Broken', () => { throw new Parse.Error(141, 'cannot read'); });
                Parse.Cloud.afterLogin(() => { throw new Error('after login failures are only logged'); });
                Parse.Cloud.afterLogout(() => { throw new Error('after logout failures are only logged'); });
                Parse.Cloud.beforeSave('Guarded', async (request) => {
                  if (request.original) {
                    await new Parse.Object('Touch', { by: 'beforeSave' }).save(null, { useMasterKey: true });
                  }
                });
                Parse.Cloud.beforeDelete('Guarded', async () => {
                  await new Parse.Object('Touch', { by: 'beforeDelete' }).save(null, { useMasterKey: true });
                });
                Parse.Cloud.beforeSave('Ctx', (request) => {
                  request.object.set('ctx', request.context.tag || null);
                  request.object.set('hasIp', !!request.ip);
                  request.object.set('client', request.headers['x-client'] || null);
                  request.object.set('leak', request.headers['x-parse-master-key'] || request.headers['x-parse-session-token'] || null);
                });
                Parse.Cloud.define('saveWithContext', async () => {
                  const saved = await new Parse.Object('Ctx').save(null, { useMasterKey: true, context: { tag: 'inner' } });
                  return saved.get('ctx');
                });
                Parse.Cloud.beforeSave('Checked', () => {}, { fields: { title: { required: true }, rank: { default: 1 } } });
                Parse.Cloud.beforeSave('Dirty', (request) => {
                  request.object.set('changed', request.object.dirtyKeys().filter((k) => k !== 'changed').sort().join(','));
                });
                Parse.Cloud.beforeSave('Private', (request) => {
                  const acl = new Parse.ACL();
                  acl.setReadAccess(request.user, true);
                  request.object.setACL(acl);
                });
                Parse.Cloud.beforeSave(Parse.File, (request) => {
                  if (request.fileSize > 100) { throw new Parse.Error(130, 'files here are at most 100 bytes'); }
                  if (!request.user && !request.master) { throw new Parse.Error(130, 'sign in to upload'); }
                });
                Parse.Cloud.afterSave(Parse.File, async (request) => {
                  await new Parse.Object('FileLog', { name: request.file.name(), url: request.file.url(),
                    size: request.fileSize }).save(null, { useMasterKey: true });
                });
                Parse.Cloud.beforeDeleteFile((request) => {
                  if (request.file.name().endsWith('keep.txt')) { throw new Parse.Error(153, 'this file stays'); }
                });
                Parse.Cloud.beforeLogin((request) => {
                  if (request.object.get('banned')) { throw new Parse.Error(101, 'banned'); }
                  if (request.object.get('password') !== undefined || request.object.get('_hashed_password') !== undefined) {
                    throw new Parse.Error(141, 'a login trigger saw a password');
                  }
                });
                """);
        server = TestServer.start(Map.of("HELIOBASE_CLOUD", cloud.toString()));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void beforeSaveChangesAreStoredAndEchoed() {
        Api.Response created = api.post("/classes/Note", "{\"text\":\"hello\",\"scratch\":1}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.get("objectId").asText();
        assertThat(id).isNotEqualTo("forged");
        assertThat(created.get("length").asInt()).isEqualTo(5);
        Api.Response stored = api.get("/classes/Note/" + id);
        assertThat(stored.get("length").asInt()).isEqualTo(5);
        assertThat(stored.get("edited").asBoolean()).isFalse();
        assertThat(stored.json().has("scratch")).isFalse();

        Api.Response updated = api.put("/classes/Note/" + id, "{\"text\":\"hello world\"}");
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.get("length").asInt()).isEqualTo(11);
        assertThat(api.get("/classes/Note/" + id).get("edited").asBoolean()).as("original is passed on update").isTrue();
    }

    @Test
    void beforeSaveErrorsAbortTheWrite() {
        Api.Response refused = api.post("/classes/Note", "{\"text\":\"forbidden\",\"tag\":\"refused\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().toString()).isEqualTo("{\"code\":142,\"error\":\"no forbidden notes\"}");
        assertThat(api.find("Note", "{\"tag\":\"refused\"}").json().path("results")).isEmpty();

        Api.Response slow = api.post("/classes/Slow", "{\"a\":1}");
        assertThat(slow.code()).isEqualTo(141);
        assertThat(server.master().get("/classes/Slow").json().path("results")).isEmpty();
    }

    @Test
    void beforeLoginCanRefuseALoginWithoutSeeingPasswords() {
        api.post("/users", "{\"username\":\"ok-user\",\"password\":\"pw\"}");
        Api.Response ok = api.post("/login", "{\"username\":\"ok-user\",\"password\":\"pw\"}");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.get("sessionToken").asText()).isNotEmpty();
        assertThat(api.with("X-Parse-Session-Token", ok.get("sessionToken").asText()).post("/logout", "{}").status())
                .isEqualTo(200);

        String banned = api.post("/users", "{\"username\":\"banned-user\",\"password\":\"pw\",\"banned\":true}")
                .get("objectId").asText();
        String bySession = "{\"user\":{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\"" + banned + "\"}}";
        int sessionsBefore = server.master().find("_Session", bySession).json().path("results").size();
        assertThat(sessionsBefore).as("sign-up opened one").isEqualTo(1);
        Api.Response refused = api.post("/login", "{\"username\":\"banned-user\",\"password\":\"pw\"}");
        assertThat(refused.json().toString()).isEqualTo("{\"code\":101,\"error\":\"banned\"}");
        assertThat(server.master().find("_Session", bySession).json().path("results"))
                .as("no session was created for the refused login").hasSize(sessionsBefore);
    }

    @Test
    void afterFindShapesWhatQueriesAndGetsReturn() {
        api.post("/classes/Card", "{\"title\":\"shown\",\"draft\":\"secret\"}");
        String hidden = api.post("/classes/Card", "{\"title\":\"hidden\",\"hidden\":true}").get("objectId").asText();
        var results = api.find("Card", null).json().path("results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("title").asText()).isEqualTo("shown");
        assertThat(results.get(0).has("draft")).isFalse();
        assertThat(results.get(0).path("askedFor").asText()).as("afterFind sees the query").isEqualTo("{}");
        assertThat(api.get("/classes/Card/" + hidden).code()).as("a get of a dropped object").isEqualTo(101);

        api.post("/classes/Broken", "{\"a\":1}");
        Api.Response broken = api.find("Broken", null);
        assertThat(broken.json().toString()).isEqualTo("{\"code\":141,\"error\":\"cannot read\"}");
    }

    @Test
    void beforeDeleteCanRefuseAndAfterTriggersNeverFailTheRequest() {
        String pinned = api.post("/classes/Note", "{\"text\":\"keep\",\"pinned\":true}").get("objectId").asText();
        Api.Response refused = api.delete("/classes/Note/" + pinned);
        assertThat(refused.code()).isEqualTo(119);
        assertThat(api.get("/classes/Note/" + pinned).status()).isEqualTo(200);

        String loose = api.post("/classes/Note", "{\"text\":\"drop\"}").get("objectId").asText();
        assertThat(api.delete("/classes/Note/" + loose).status()).isEqualTo(200);
        assertThat(api.get("/classes/Note/" + loose).code()).isEqualTo(101);
    }

    @Test
    void fileTriggersCanRefuseUploadsAndDeletesAndHearOfSaves() {
        byte[] small = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Api master = server.master();
        Api.Response big = master.sendBytes("POST", "/files/big.txt", new byte[200], "text/plain");
        assertThat(big.code()).as(big.text()).isEqualTo(130);
        assertThat(big.json().path("error").asText()).isEqualTo("files here are at most 100 bytes");

        Api.Response saved = master.sendBytes("POST", "/files/notes.txt", small, "text/plain");
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        String name = saved.get("name").asText();
        var logged = master.find("FileLog", "{\"name\":\"" + name + "\"}").get("results");
        assertThat(logged).as("afterSave saw the stored name").hasSize(1);
        assertThat(logged.get(0).path("url").asText()).isEqualTo(saved.get("url").asText());
        assertThat(logged.get(0).path("size").asInt()).isEqualTo(5);

        String kept = master.sendBytes("POST", "/files/keep.txt", small, "text/plain").get("name").asText();
        Api.Response refused = master.delete("/files/" + kept);
        assertThat(refused.code()).isEqualTo(153);
        assertThat(master.get("/files/" + TestServer.APP_ID + "/" + kept).status()).isEqualTo(200);
        assertThat(master.delete("/files/" + name).status()).isEqualTo(200);
    }

    @Test
    void triggerValidatorsDirtyKeysAndAclsWorkOnTheObject() {
        assertThat(api.post("/classes/Checked", "{\"other\":1}").code()).as("fields: title required").isEqualTo(142);
        String checked = api.post("/classes/Checked", "{\"title\":\"t\"}").get("objectId").asText();
        assertThat(api.get("/classes/Checked/" + checked).get("rank").asInt()).as("the default was applied").isEqualTo(1);

        String dirty = api.post("/classes/Dirty", "{\"a\":1,\"b\":2}").get("objectId").asText();
        assertThat(api.get("/classes/Dirty/" + dirty).get("changed").asText()).isEqualTo("a,b");
        api.put("/classes/Dirty/" + dirty, "{\"b\":3}");
        assertThat(api.get("/classes/Dirty/" + dirty).get("changed").asText()).as("only what the update sets")
                .isEqualTo("b");

        Api.Response user = api.post("/users", "{\"username\":\"acl-trigger\",\"password\":\"pw\"}");
        Api asUser = api.with("X-Parse-Session-Token", user.get("sessionToken").asText());
        Api.Response created = asUser.post("/classes/Private", "{\"secret\":\"s\",\"ACL\":{\"*\":{\"read\":true}}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.get("objectId").asText();
        assertThat(api.get("/classes/Private/" + id).status()).as("the trigger's ACL replaced the public one")
                .isEqualTo(404);
        assertThat(asUser.get("/classes/Private/" + id).get("secret").asText()).isEqualTo("s");
    }

    @Test
    void triggersSeeTheRequestsContextIpAndHeadersButNoSecrets() {
        Api.Response saved = server.master().with("X-Parse-Cloud-Context", "{\"tag\":\"t1\"}").with("X-Client", "web")
                .post("/classes/Ctx", "{}");
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        var stored = server.master().get("/classes/Ctx/" + saved.get("objectId").asText()).json();
        assertThat(stored.path("ctx").asText()).isEqualTo("t1");
        assertThat(stored.path("hasIp").asBoolean()).isTrue();
        assertThat(stored.path("client").asText()).isEqualTo("web");
        assertThat(stored.path("leak").isNull()).as("keys and tokens are not headers scripts see").isTrue();
        assertThat(api.post("/functions/saveWithContext", "{}").get("result").asText()).isEqualTo("inner");
    }

    @Test
    void triggersNeverRunForObjectsTheCallerMayNotWrite() {
        Api.Response owner = api.post("/users", "{\"username\":\"guard-owner\",\"password\":\"pw\"}");
        String ownerId = owner.get("objectId").asText();
        String id = api.with("X-Parse-Session-Token", owner.get("sessionToken").asText()).post("/classes/Guarded",
                "{\"n\":1,\"ACL\":{\"*\":{\"read\":true},\"" + ownerId + "\":{\"read\":true,\"write\":true}}}")
                .get("objectId").asText();
        assertThat(api.put("/classes/Guarded/" + id, "{\"n\":2}").code()).isEqualTo(101);
        assertThat(api.delete("/classes/Guarded/" + id).code()).isEqualTo(101);
        assertThat(server.master().find("Touch", "{}").get("results")).as("no trigger ran for a refused write")
                .isEmpty();
        assertThat(server.master().delete("/classes/Guarded/" + id).status()).isEqualTo(200);
        assertThat(server.master().find("Touch", "{\"by\":\"beforeDelete\"}").get("results")).hasSize(1);
    }
}
