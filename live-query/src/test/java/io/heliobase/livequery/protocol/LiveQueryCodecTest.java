package io.heliobase.livequery.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.query.QueryLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveQueryCodecTest {
    private final LiveQueryCodec codec = new LiveQueryCodec(QueryLimits.DEFAULTS, 4096);

    private static String q(String json) {
        return json.replace('\'', '"');
    }

    private ClientMessage decode(String json) {
        return codec.decode(q(json));
    }

    @Test
    void decodesConnectWithEveryKey() {
        ClientMessage m = decode("{'op':'connect','applicationId':'app','sessionToken':'r:1','masterKey':'m',"
                + "'clientKey':'c','javascriptKey':'j','restAPIKey':'r','windowsKey':'w','installationId':'i'}");
        assertThat(m).isEqualTo(new ClientMessage.Connect("app", "r:1", "m", "c", "j", "r", "i", "w"));
        assertThat(((ClientMessage.Connect) m).keys()).containsOnlyKeys("masterKey", "clientKey", "javascriptKey",
                "restAPIKey", "windowsKey");
    }

    @Test
    void decodesMinimalConnectWithNullsForAbsentKeys() {
        assertThat(decode("{'op':'connect','applicationId':'app'}"))
                .isEqualTo(new ClientMessage.Connect("app", null, null, null, null, null, null));
    }

    @Test
    void decodesSubscribeWithParsedWhereKeysAndWatch() {
        ClientMessage m = decode("{'op':'subscribe','requestId':7,'sessionToken':'r:2','query':{'className':'Game',"
                + "'where':{'score':{'$gt':10}},'keys':['score','name'],'watch':['score']}}");
        ClientMessage.Subscribe s = (ClientMessage.Subscribe) m;
        assertThat(s.requestId()).isEqualTo(7);
        assertThat(s.sessionToken()).isEqualTo("r:2");
        assertThat(s.query().className()).isEqualTo("Game");
        assertThat(s.query().where()).isInstanceOf(Predicate.Field.class);
        assertThat(((Predicate.Field) s.query().where()).constraint()).isInstanceOf(Constraint.Compare.class);
        assertThat(s.query().rawWhere()).isEqualTo(Json.parse(q("{'score':{'$gt':10}}")));
        assertThat(s.query().keys()).containsExactly("name", "score");
        assertThat(s.query().watch()).containsExactly("score");
    }

    @Test
    void acceptsFieldsAsTheOldNameOfKeys() {
        ClientMessage.Subscribe s = (ClientMessage.Subscribe) decode(
                "{'op':'subscribe','requestId':1,'query':{'className':'A','where':{},'fields':['x']}}");
        assertThat(s.query().keys()).containsExactly("x");
        assertThat(s.query().watch()).isEmpty();
        assertThat(s.sessionToken()).isNull();
    }

    @Test
    void decodesUpdateAndUnsubscribe() {
        assertThat(decode("{'op':'update','requestId':3,'query':{'className':'A','where':{'a':1}}}"))
                .isInstanceOf(ClientMessage.Update.class);
        assertThat(decode("{'op':'unsubscribe','requestId':3}")).isEqualTo(new ClientMessage.Unsubscribe(3));
        assertThat(decode("{'op':'unsubscribe','requestId':3.0}")).isEqualTo(new ClientMessage.Unsubscribe(3));
    }

    @Test
    void encodesConnectedSubscribedAndUnsubscribedAsParse() {
        assertThat(codec.encode(new ServerMessage.Connected("c1", null)))
                .isEqualTo(q("{'op':'connected','clientId':'c1'}"));
        assertThat(codec.encode(new ServerMessage.Connected("c1", "inst")))
                .isEqualTo(q("{'op':'connected','clientId':'c1','installationId':'inst'}"));
        assertThat(codec.encode(new ServerMessage.Subscribed("c1", 2)))
                .isEqualTo(q("{'op':'subscribed','clientId':'c1','requestId':2}"));
        assertThat(codec.encode(new ServerMessage.Unsubscribed("c1", 2, "inst")))
                .isEqualTo(q("{'op':'unsubscribed','clientId':'c1','installationId':'inst','requestId':2}"));
    }

    @Test
    void encodesErrorsWithParsesKeysAndNullRequestId() {
        assertThat(codec.encode(new ServerMessage.Error(1, "bad", true, null)))
                .isEqualTo(q("{'op':'error','error':'bad','code':1,'reconnect':true,'requestId':null}"));
        assertThat(codec.encode(new ServerMessage.Error(209, "Invalid session token", false, 4)))
                .isEqualTo(q("{'op':'error','error':'Invalid session token','code':209,'reconnect':false,"
                        + "'requestId':4}"));
    }

    @Test
    void encodesEventsWithOriginalOnlyWhereParseSendsIt() {
        ObjectNode object = (ObjectNode) Json.parse(q("{'className':'A','objectId':'o1','n':2}"));
        ObjectNode original = (ObjectNode) Json.parse(q("{'className':'A','objectId':'o1','n':1}"));
        assertThat(codec.encode(new ServerMessage.Event(EventType.UPDATE, "c1", 5, object, original)))
                .isEqualTo(q("{'op':'update','clientId':'c1','requestId':5,'object':{'className':'A','objectId':'o1',"
                        + "'n':2},'original':{'className':'A','objectId':'o1','n':1}}"));
        assertThat(codec.encode(new ServerMessage.Event(EventType.CREATE, "c1", 5, object, original, "i")))
                .isEqualTo(q("{'op':'create','clientId':'c1','installationId':'i','requestId':5,'object':"
                        + "{'className':'A','objectId':'o1','n':2}}"));
        for (EventType type : EventType.values()) {
            String json = codec.encode(new ServerMessage.Event(type, "c", 1, object, original));
            assertThat(Json.parse(json).path("op").asText()).isEqualTo(type.name().toLowerCase());
            assertThat(Json.parse(json).has("original")).isEqualTo(type.carriesOriginal());
        }
    }

    @Test
    void queryHelperBuildsTheSameQueryAsASubscribe() {
        ClientMessage.Subscribe s = (ClientMessage.Subscribe) decode(
                "{'op':'subscribe','requestId':1,'query':{'className':'A','where':{'a':1,'b':2},'keys':['k']}}");
        LiveQuery rebuilt = codec.query("A", Json.parse(q("{'b':2,'a':1}")), List.of("k"), List.of());
        assertThat(rebuilt).isEqualTo(s.query()).hasSameHashCodeAs(s.query());
    }

    private static void refused(LiveQueryCodec codec, String json, String message) {
        assertThatThrownBy(() -> codec.decode(q(json)))
                .isInstanceOfSatisfying(LiveQueryProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(1);
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.toError()).isEqualTo(new ServerMessage.Error(1, message, true, null));
                });
    }

    private void refused(String json, String message) {
        refused(codec, json, message);
    }

    @Test
    void refusesTextThatIsNotJson() {
        refused("{'op':", "Invalid JSON");
        refused("", "Invalid JSON");
        refused("{'op':'connect','applicationId':'a'} trailing", "Invalid JSON");
    }

    @Test
    void refusesMessagesThatAreNotObjects() {
        refused("[1]", "Invalid type: array (expected object)");
        refused("'connect'", "Invalid type: string (expected object)");
    }

    @Test
    void decodesTheQueryOpAndEncodesItsResult() {
        assertThat(codec.decode("{\"op\":\"query\",\"requestId\":4}")).isEqualTo(new ClientMessage.Query(4));
        var object = (com.fasterxml.jackson.databind.node.ObjectNode) io.heliobase.core.json.Json.parse(
                "{\"objectId\":\"a\"}");
        assertThat(codec.encode(new ServerMessage.Result("c1", 4, java.util.List.of(object), null)))
                .isEqualTo("{\"op\":\"result\",\"clientId\":\"c1\",\"requestId\":4,\"results\":[{\"objectId\":\"a\"}]}");
    }

    @Test
    void refusesMissingOrUnknownOp() {
        refused("{'requestId':1}", "Missing required property: op");
        refused("{'op':'explode','requestId':1}", "No enum match for: \"explode\"");
        refused("{'op':'query'}", "Missing required property: requestId");
        refused("{'op':5}", "Invalid type: number (expected string)");
    }

    @Test
    void refusesMissingOrMistypedRequestId() {
        refused("{'op':'unsubscribe'}", "Missing required property: requestId");
        refused("{'op':'subscribe','query':{'className':'A','where':{}}}", "Missing required property: requestId");
        refused("{'op':'unsubscribe','requestId':'1'}", "Invalid type: string (expected number)");
        refused("{'op':'unsubscribe','requestId':1.5}",
                "Invalid requestId: 1.5 (expected an integer that fits 32 bits)");
        refused("{'op':'unsubscribe','requestId':3000000000}",
                "Invalid requestId: 3000000000 (expected an integer that fits 32 bits)");
    }

    @Test
    void refusesBadQueries() {
        refused("{'op':'subscribe','requestId':1}", "Missing required property: query");
        refused("{'op':'subscribe','requestId':1,'query':[]}", "Invalid type: array (expected object)");
        refused("{'op':'subscribe','requestId':1,'query':{'className':'A'}}", "Missing required property: where");
        refused("{'op':'subscribe','requestId':1,'query':{'where':{}}}", "Missing required property: className");
        refused("{'op':'subscribe','requestId':1,'query':{'className':'A','where':[]}}",
                "Invalid type: array (expected object)");
        refused("{'op':'subscribe','requestId':1,'query':{'className':'A','where':'x'}}",
                "Invalid type: string (expected object)");
        refused("{'op':'subscribe','requestId':1,'query':{'className':3,'where':{}}}",
                "Invalid type: number (expected string)");
        refused("{'op':'subscribe','requestId':1,'query':{'className':'A','where':{},'limit':1}}",
                "Additional properties not allowed");
    }

    @Test
    void refusesBadKeysAndWatchArrays() {
        String prefix = "{'op':'subscribe','requestId':1,'query':{'className':'A','where':{},";
        refused(prefix + "'keys':'a'}}", "Invalid type: string (expected array)");
        refused(prefix + "'keys':[]}}", "Array is too short (0), minimum 1");
        refused(prefix + "'watch':['a','b','a']}}", "Array items are not unique (indices 0 and 2)");
        refused(prefix + "'watch':['a',1]}}", "Invalid type: number (expected string)");
    }

    @Test
    void refusesAdditionalPropertiesLikeParse() {
        refused("{'op':'connect','applicationId':'a','extra':1}", "Additional properties not allowed");
        refused("{'op':'unsubscribe','requestId':1,'query':{}}", "Additional properties not allowed");
        refused("{'op':'connect'}", "Missing required property: applicationId");
        refused("{'op':'connect','applicationId':'a','sessionToken':1}", "Invalid type: number (expected string)");
    }

    @Test
    void refusesWhereTheParserRefusesWithItsMessage() {
        String prefix = "{'op':'subscribe','requestId':1,'query':{'className':'A','where':";
        refused(prefix + "{'a':{'$bogus':1}}}}", "bad constraint: $bogus");
        refused(prefix + "{'ACL':1}}}", "Cannot query on ACL.");
        refused(prefix + "{'a':{'$regex':'('}}}}", "Invalid regular expression: Unclosed group");
    }

    @Test
    void refusesWhereBeyondTheConfiguredLimits() {
        LiveQueryCodec strict = new LiveQueryCodec(new QueryLimits(2, 1, 10, 2), 4096);
        refused(strict, "{'op':'subscribe','requestId':1,'query':{'className':'A','where':{'a':{'$in':[1,2,3]}}}}",
                "$in has 3 values; the limit is 2 (maxInValues)");
    }

    @Test
    void refusesOversizedMessagesBeforeParsingThem() {
        LiveQueryCodec small = new LiveQueryCodec(QueryLimits.DEFAULTS, 50);
        String big = "{'op':'connect','applicationId':'" + "x".repeat(60) + "'}";
        refused(small, big, "Message is too large: " + big.length() + " characters; the limit is 50");
        assertThat(small.decode(q("{'op':'connect','applicationId':'a'}"))).isInstanceOf(ClientMessage.Connect.class);
    }
}
