package io.heliobase.livequery.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import io.heliobase.livequery.protocol.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPayloadTest {
    private static ObjectNode obj(String json) {
        return (ObjectNode) Json.parse(json.replace('\'', '"'));
    }

    @Test
    void noWatchListMeansEveryChangeCounts() {
        assertThat(EventPayload.watchedFieldChanged(List.of(), obj("{'a':1}"), obj("{'a':1}"))).isTrue();
    }

    @Test
    void updateIsSentOnlyWhenAWatchedFieldChanged() {
        ObjectNode before = obj("{'a':1,'b':{'x':1,'y':2},'c':[1,2]}");
        assertThat(EventPayload.watchedFieldChanged(List.of("a"), before, obj("{'a':1,'b':0,'c':[1,2]}"))).isFalse();
        assertThat(EventPayload.watchedFieldChanged(List.of("a", "b"), before, obj("{'a':1,'b':0}"))).isTrue();
        assertThat(EventPayload.watchedFieldChanged(List.of("b"), before, obj("{'b':{'y':2,'x':1.0}}"))).isFalse();
        assertThat(EventPayload.watchedFieldChanged(List.of("c"), before, obj("{'c':[2,1]}"))).isTrue();
        assertThat(EventPayload.watchedFieldChanged(List.of("a"), before, obj("{}"))).isTrue();
        assertThat(EventPayload.watchedFieldChanged(List.of("a"), obj("{'a':null}"), obj("{}"))).isTrue();
    }

    @Test
    void createCountsAsChangedWhenTheWatchedFieldIsSet() {
        assertThat(EventPayload.watchedFieldChanged(List.of("a"), null, obj("{'a':1}"))).isTrue();
        assertThat(EventPayload.watchedFieldChanged(List.of("a"), null, obj("{'b':1}"))).isFalse();
    }

    @Test
    void watchFiltersOnlyCreateAndUpdate() {
        ObjectNode same = obj("{'a':1}");
        List<String> watch = List.of("a");
        assertThat(EventPayload.shouldSend(EventType.UPDATE, watch, same, same)).isFalse();
        assertThat(EventPayload.shouldSend(EventType.CREATE, watch, null, obj("{'b':1}"))).isFalse();
        assertThat(EventPayload.shouldSend(EventType.ENTER, watch, same, same)).isTrue();
        assertThat(EventPayload.shouldSend(EventType.LEAVE, watch, same, same)).isTrue();
        assertThat(EventPayload.shouldSend(EventType.DELETE, watch, same, same)).isTrue();
    }

    @Test
    void projectionKeepsTheKeysAndTheFieldsEveryEventCarries() {
        ObjectNode full = obj("{'__type':'Object','className':'A','objectId':'o','createdAt':'t','updatedAt':'t',"
                + "'ACL':{'*':{'read':true}},'a':1,'b':2,'c':{'d':3}}");
        ObjectNode projected = EventPayload.project(full, List.of("b", "missing", "c.d"));
        assertThat(projected).isEqualTo(obj("{'__type':'Object','className':'A','objectId':'o','createdAt':'t',"
                + "'updatedAt':'t','ACL':{'*':{'read':true}},'b':2}"));
    }

    @Test
    void projectionAlwaysReturnsAFreshTopLevelNodeSoRedactionIsLocal() {
        ObjectNode full = obj("{'objectId':'o','secret':1}");
        ObjectNode copy = EventPayload.project(full, List.of());
        assertThat(copy).isEqualTo(full).isNotSameAs(full);
        copy.remove("secret");
        assertThat(full.has("secret")).isTrue();
    }
}
