package io.heliobase.server.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parse.Query and Parse.Object inside cloud code: the same rights, checks and triggers as REST. */
class CloudDataIT {
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        Path cloud = Files.createTempDirectory("cloud-data").resolve("main.js");
        Files.writeString(cloud, """
                const titles = (list) => list.map((o) => o.get('title')).sort();
                Parse.Cloud.define('notes', async (request) => {
                  const query = new Parse.Query('Memo').ascending('title');
                  const as = request.params.as;
                  const options = as === 'master' ? { useMasterKey: true }
                    : as === 'caller' ? { sessionToken: request.user.getSessionToken() }
                    : as === 'forged' ? { sessionToken: 'r:not-a-session' } : {};
                  return titles(await query.find(options));
                });
                Parse.Cloud.define('write', async (request) => {
                  const memo = new Parse.Object('Memo', { title: '  from cloud  ', views: 1 });
                  memo.setACL(new Parse.ACL(request.user));
                  await memo.save(null, { sessionToken: request.user.getSessionToken() });
                  memo.increment('views', 2);
                  await memo.save(null, { sessionToken: request.user.getSessionToken() });
                  const again = await new Parse.Query('Memo').get(memo.id, { sessionToken: request.user.getSessionToken() });
                  return { memo, views: again.get('views'), slug: again.get('slug'), existed: again.existed() };
                });
                Parse.Cloud.beforeSave('Memo', (request) => {
                  request.object.set('title', request.object.get('title').trim());
                  request.object.set('slug', request.object.get('title').toLowerCase().replace(/ /g, '-'));
                });
                Parse.Cloud.afterSave('Memo', async (request) => {
                  if (!request.original) {
                    await new Parse.Object('MemoLog', { memo: request.object, title: request.object.get('title') })
                      .save(null, { useMasterKey: true });
                  }
                });
                Parse.Cloud.define('stats', async () => {
                  const query = new Parse.Query('MemoLog').include('memo');
                  let seen = 0;
                  await query.each(() => { seen += 1; }, { useMasterKey: true });
                  const first = await new Parse.Query('MemoLog').include('memo').ascending('createdAt').first({ useMasterKey: true });
                  return { count: await query.count({ useMasterKey: true }), seen,
                    included: first ? typeof first.get('memo').get('title') : 'none' };
                });
                Parse.Cloud.define('cleanup', async (request) => {
                  const logs = await new Parse.Query('MemoLog').equalTo('title', request.params.title).find({ useMasterKey: true });
                  await Parse.Object.destroyAll(logs, { useMasterKey: true });
                  return logs.length;
                });
                Parse.Cloud.define('emails', async (request) => {
                  const users = await new Parse.Query(Parse.User).find({ sessionToken: request.user.getSessionToken() });
                  return users.map((u) => u.get('email') || null);
                });
                Parse.Cloud.define('whoami', (request) => request.user ? request.user.get('username') : 'nobody',
                  { requireUser: true });
                Parse.Cloud.define('runAs', async (request) => ({
                  asCaller: await Parse.Cloud.run('whoami', {}, { sessionToken: request.user.getSessionToken() }),
                  asMaster: await Parse.Cloud.run('whoami', {}, { useMasterKey: true }),
                  mapped: (await new Parse.Query('Memo').withCount().map((m) => m.get('title'), { useMasterKey: true })).length > 0,
                  eachRefused: await new Parse.Query('Memo').limit(2).each(() => {}, { useMasterKey: true })
                    .then(() => 'ran', (e) => e.code),
                }));
                Parse.Cloud.beforeFind('Doc', (request) => {
                  if (!request.master) { request.query.equalTo('published', true); }
                });
                """);
        server = TestServer.start(Map.of("HELIOBASE_CLOUD", cloud.toString()));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String signUp(String name) {
        Api.Response user = api.post("/users", "{\"username\":\"" + name + "\",\"password\":\"pw-" + name
                + "\",\"email\":\"" + name + "@example.com\"}");
        assertThat(user.status()).as(user.text()).isEqualTo(201);
        return user.get("sessionToken").asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isNull() ? null : n.asText()));
        return out;
    }

    @Test
    void queriesRunWithTheRightsTheScriptAsksFor() {
        String ada = signUp("memo-ada");
        String bob = signUp("memo-bob");
        String adaId = api.with("X-Parse-Session-Token", ada).get("/users/me").get("objectId").asText();
        api.post("/classes/Memo", "{\"title\":\"public\"}");
        api.post("/classes/Memo", "{\"title\":\"ada only\",\"ACL\":{\"" + adaId + "\":{\"read\":true,\"write\":true}}}");

        Api.Response asAda = api.with("X-Parse-Session-Token", ada).post("/functions/notes", "{\"as\":\"caller\"}");
        assertThat(texts(asAda.get("result"))).as(asAda.text()).contains("ada only", "public");
        Api.Response asBob = api.with("X-Parse-Session-Token", bob).post("/functions/notes", "{\"as\":\"caller\"}");
        assertThat(texts(asBob.get("result"))).as("another user's session does not read ada's memo")
                .contains("public").doesNotContain("ada only");
        Api.Response noAuth = api.with("X-Parse-Session-Token", ada).post("/functions/notes", "{}");
        assertThat(texts(noAuth.get("result"))).as("no options: public access only, even for a signed-in caller")
                .contains("public").doesNotContain("ada only");
        Api.Response master = api.post("/functions/notes", "{\"as\":\"master\"}");
        assertThat(texts(master.get("result"))).contains("ada only", "public");
        Api.Response forged = api.post("/functions/notes", "{\"as\":\"forged\"}");
        assertThat(forged.code()).as(forged.text()).isEqualTo(209);
    }

    @Test
    void savesGoThroughTriggersAndComeBackWhole() {
        String carol = signUp("memo-carol");
        Api.Response written = api.with("X-Parse-Session-Token", carol).post("/functions/write", "{}");
        assertThat(written.status()).as(written.text()).isEqualTo(200);
        JsonNode result = written.get("result");
        assertThat(result.path("memo").path("__type").asText()).isEqualTo("Object");
        assertThat(result.path("memo").path("className").asText()).isEqualTo("Memo");
        assertThat(result.path("memo").path("title").asText()).as("the nested beforeSave's change came back")
                .isEqualTo("from cloud");
        assertThat(result.path("views").asInt()).isEqualTo(3);
        assertThat(result.path("slug").asText()).isEqualTo("from-cloud");
        assertThat(result.path("existed").asBoolean()).isTrue();
        String id = result.path("memo").path("objectId").asText();
        assertThat(api.get("/classes/Memo/" + id).code()).as("the ACL set in cloud code holds for others").isEqualTo(101);
        assertThat(api.with("X-Parse-Session-Token", carol).get("/classes/Memo/" + id).get("views").asInt()).isEqualTo(3);

        Api.Response logs = server.master().find("MemoLog", "{\"title\":\"from cloud\"}");
        assertThat(logs.get("results")).as("afterSave wrote a log through cloud code").hasSize(1);
        assertThat(logs.get("results").get(0).path("memo").path("objectId").asText()).isEqualTo(id);
        Api.Response stats = server.master().post("/functions/stats", "{}");
        assertThat(stats.get("result").path("count").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("result").path("seen").asInt()).isEqualTo(stats.get("result").path("count").asInt());
        assertThat(stats.get("result").path("included").asText()).isEqualTo("string");
        assertThat(server.master().post("/functions/cleanup", "{\"title\":\"from cloud\"}").get("result").asInt())
                .isEqualTo(1);
        assertThat(server.master().find("MemoLog", "{\"title\":\"from cloud\"}").get("results")).isEmpty();
    }

    @Test
    void protectedUserFieldsStayHiddenFromCloudQueries() {
        String dave = signUp("memo-dave");
        signUp("memo-erin");
        Api.Response emails = api.with("X-Parse-Session-Token", dave).post("/functions/emails", "{}");
        List<String> seen = texts(emails.get("result"));
        assertThat(seen).as(emails.text()).contains("memo-dave@example.com").doesNotContain("memo-erin@example.com");
    }

    @Test
    void beforeFindNarrowsFindsAndGets() {
        String published = api.post("/classes/Doc", "{\"title\":\"out\",\"published\":true}").get("objectId").asText();
        String draft = api.post("/classes/Doc", "{\"title\":\"draft\",\"published\":false}").get("objectId").asText();
        assertThat(api.find("Doc", "{}").get("results")).extracting(n -> n.path("objectId").asText())
                .containsExactly(published);
        assertThat(api.get("/classes/Doc/" + draft).code()).isEqualTo(101);
        assertThat(api.get("/classes/Doc/" + published).get("title").asText()).isEqualTo("out");
        assertThat(api.get("/classes/Doc?where=" + java.net.URLEncoder.encode("{\"title\":\"draft\"}",
                java.nio.charset.StandardCharsets.UTF_8) + "&limit=5").get("results")).isEmpty();
        assertThat(server.master().find("Doc", "{}").get("results")).as("the trigger lets the master key see all")
                .hasSize(2);
    }

    @Test
    void cloudRunKeepsTheSessionItIsGiven() {
        String token = signUp("memo-runner");
        api.post("/classes/Memo", "{\"title\":\"for map\"}");
        JsonNode result = api.with("X-Parse-Session-Token", token).post("/functions/runAs", "{}").get("result");
        assertThat(result.path("asCaller").asText()).as(result.toString()).isEqualTo("memo-runner");
        assertThat(result.path("asMaster").asText()).as("the master key skips requireUser").isEqualTo("nobody");
        assertThat(result.path("mapped").asBoolean()).isTrue();
        assertThat(result.path("eachRefused").asInt()).isEqualTo(102);
    }
}
