package io.heliobase.core.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.FieldType;
import io.heliobase.core.schema.FieldType.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectBodyTest {

    private static ParseErrorCode codeOf(String body) {
        try {
            ObjectBody.parse(Json.parse(body), false);
        } catch (ParseException e) {
            return e.code();
        }
        throw new AssertionError("expected a ParseException for " + body);
    }

    @Test
    void everyOperationParses() {
        ObjectBody body = ObjectBody.parse(Json.parse("""
                {"a":1,"b":{"__op":"Increment","amount":2},"c":{"__op":"Add","objects":[1]},
                 "d":{"__op":"AddUnique","objects":[2]},"e":{"__op":"Remove","objects":[3]},"f":{"__op":"Delete"},
                 "g":{"__op":"Batch","ops":[
                   {"__op":"AddRelation","objects":[{"__type":"Pointer","className":"T","objectId":"a1"}]},
                   {"__op":"RemoveRelation","objects":[{"__type":"Pointer","className":"T","objectId":"b2"}]}]},
                 "ACL":{"*":{"read":true,"write":false}}}"""), false);
        assertThat(body.ops().get("a")).isInstanceOf(FieldOp.Set.class);
        assertThat(body.ops().get("b")).isInstanceOf(FieldOp.Increment.class);
        assertThat(body.ops().get("c")).isInstanceOf(FieldOp.Add.class);
        assertThat(body.ops().get("d")).isInstanceOf(FieldOp.AddUnique.class);
        assertThat(body.ops().get("e")).isInstanceOf(FieldOp.Remove.class);
        assertThat(body.ops().get("f")).isInstanceOf(FieldOp.Delete.class);
        assertThat(body.ops().get("g")).isEqualTo(new FieldOp.Relation("T", List.of("a1"), List.of("b2")));
        assertThat(body.acl().toString()).isEqualTo("{\"*\":{\"read\":true}}");
    }

    @Test
    void typesAreInferredAsParseDoes() {
        assertThat(Values.typeOf(Json.parse("\"s\""))).contains(FieldType.of(Kind.STRING));
        assertThat(Values.typeOf(Json.parse("{\"__type\":\"Pointer\",\"className\":\"X\",\"objectId\":\"1\"}")))
                .contains(FieldType.pointer("X"));
        assertThat(Values.typeOf(Json.parse("{\"__type\":\"Date\",\"iso\":\"2024-01-01T00:00:00Z\"}")))
                .contains(FieldType.of(Kind.DATE));
        assertThat(Values.typeOf(Json.parse("{\"x\":1}"))).contains(FieldType.of(Kind.OBJECT));
        assertThat(Values.typeOf(Json.parse("null"))).isEmpty();
        assertThat(Values.typeOf(new FieldOp.Increment(Json.parse("1")))).contains(FieldType.of(Kind.NUMBER));
    }

    @Test
    void hostileKeysAreRefused() {
        assertThat(codeOf("{\"__proto__\":1}")).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
        assertThat(codeOf("{\"a\":{\"b\":{\"constructor\":1}}}")).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
        assertThat(codeOf("{\"a\":[{\"_bsontype\":\"ObjectID\"}]}")).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
        assertThat(codeOf("{\"a\":{\"b.c\":1}}")).isEqualTo(ParseErrorCode.INVALID_NESTED_KEY);
        assertThat(codeOf("{\"1a\":1}")).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
        assertThat(codeOf("{\"className\":1}")).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
        assertThat(codeOf("{\"createdAt\":1}")).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
    }

    @Test
    void malformedValuesAreRefused() {
        assertThat(codeOf("{\"p\":{\"__type\":\"Pointer\",\"className\":\"X\"}}")).isEqualTo(ParseErrorCode.INVALID_POINTER);
        assertThat(codeOf("{\"p\":{\"__type\":\"Bytes\",\"base64\":\"!!\"}}")).isEqualTo(ParseErrorCode.INCORRECT_TYPE);
        assertThat(codeOf("{\"p\":{\"__type\":\"Polygon\",\"coordinates\":[[1,2]]}}")).isEqualTo(ParseErrorCode.INCORRECT_TYPE);
        assertThat(codeOf("{\"r\":{\"__op\":\"AddRelation\",\"objects\":[1]}}")).isEqualTo(ParseErrorCode.INVALID_POINTER);
        assertThat(codeOf("{\"r\":{\"__op\":\"AddRelation\",\"objects\":[{\"__type\":\"Pointer\",\"className\":\"A\",\"objectId\":\"1\"},"
                + "{\"__type\":\"Pointer\",\"className\":\"B\",\"objectId\":\"2\"}]}}")).isEqualTo(ParseErrorCode.INCORRECT_TYPE);
        assertThatThrownBy(() -> ObjectBody.parse(Json.parse("[1]"), false)).isInstanceOf(ParseException.class);
    }

    @Test
    void aclValuesMustBeBooleans() {
        assertThat(codeOf("{\"ACL\":{\"*\":{\"read\":1}}}")).isEqualTo(ParseErrorCode.INVALID_ACL);
        assertThat(codeOf("{\"ACL\":{\"*\":{\"delete\":true}}}")).isEqualTo(ParseErrorCode.INVALID_ACL);
        assertThat(codeOf("{\"ACL\":[]}")).isEqualTo(ParseErrorCode.INVALID_ACL);
    }
}
