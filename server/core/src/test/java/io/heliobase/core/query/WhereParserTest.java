package io.heliobase.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint.Comparison;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WhereParserTest {
    private final WhereParser parser = new WhereParser(QueryLimits.DEFAULTS, false);

    private Predicate parse(String json) {
        return parser.parse(Json.parse(json));
    }

    private static ParseErrorCode codeOf(Runnable r) {
        try {
            r.run();
        } catch (ParseException e) {
            return e.code();
        }
        throw new AssertionError("expected a ParseException");
    }

    @Test
    void emptyWhereMatchesAll() {
        assertThat(parse("{}")).isEqualTo(Predicate.ALL);
        assertThat(parser.parse(null)).isEqualTo(Predicate.ALL);
    }

    @Test
    void plainValueIsEquality() {
        Predicate p = parse("{\"a\":1}");
        assertThat(p).isEqualTo(new Predicate.Field("a", new Constraint.Compare(Comparison.EQ, Json.parse("1"))));
    }

    @Test
    void severalOperatorsOnOneFieldBecomeAnAnd() {
        Predicate p = parse("{\"a\":{\"$gt\":1,\"$lt\":5}}");
        assertThat(p).isInstanceOf(Predicate.And.class);
        assertThat(((Predicate.And) p).parts()).hasSize(2);
    }

    @Test
    void objectWithoutOperatorsIsEqualityOnTheObject() {
        Predicate p = parse("{\"o\":{\"x\":1}}");
        assertThat(((Predicate.Field) p).constraint()).isEqualTo(new Constraint.Compare(Comparison.EQ, Json.parse("{\"x\":1}")));
    }

    @Test
    void connectivesNest() {
        Predicate p = parse("{\"$or\":[{\"a\":1},{\"$and\":[{\"b\":2},{\"c\":3}]}]}");
        assertThat(p).isInstanceOf(Predicate.Or.class);
        assertThat(((Predicate.Or) p).parts().get(1)).isInstanceOf(Predicate.And.class);
    }

    @Test
    void regexKeepsOptions() {
        Predicate p = parse("{\"a\":{\"$regex\":\"^x\",\"$options\":\"im\"}}");
        assertThat(((Predicate.Field) p).constraint()).isEqualTo(new Constraint.Regex("^x", "im"));
    }

    @Test
    void nearSphereConvertsMilesToRadians() {
        Predicate p = parse("{\"g\":{\"$nearSphere\":{\"__type\":\"GeoPoint\",\"latitude\":1,\"longitude\":2},"
                + "\"$maxDistanceInMiles\":3958.8}}");
        Constraint.NearSphere near = (Constraint.NearSphere) ((Predicate.Field) p).constraint();
        assertThat(near.maxDistanceRadians()).isEqualTo(1.0);
    }

    @Test
    void unknownOperatorsAndServerSideCodeAreRefused() {
        assertThat(codeOf(() -> parse("{\"a\":{\"$where\":\"1\"}}"))).isEqualTo(ParseErrorCode.INVALID_JSON);
        assertThat(codeOf(() -> parse("{\"$where\":\"1\"}"))).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
        assertThat(codeOf(() -> parse("{\"$expr\":{}}"))).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
        assertThat(codeOf(() -> parse("{\"a\":{\"$function\":{}}}"))).isEqualTo(ParseErrorCode.INVALID_JSON);
    }

    @Test
    void aclAndInternalKeysAreRefusedForClients() {
        assertThat(codeOf(() -> parse("{\"ACL\":1}"))).isEqualTo(ParseErrorCode.INVALID_QUERY);
        assertThat(codeOf(() -> parse("{\"_rperm\":\"*\"}"))).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
        assertThat(new WhereParser(QueryLimits.DEFAULTS, true).parse(Json.parse("{\"_rperm\":\"*\"}")))
                .isInstanceOf(Predicate.Field.class);
    }

    @Test
    void catastrophicRegexShapesAreRefused() {
        for (String evil : new String[] {"(a+)+$", "^(x*)*y", "(\\w+\\s?)+$"}) {
            assertThatThrownBy(() -> parse("{\"a\":{\"$regex\":\"" + evil.replace("\\", "\\\\") + "\"}}"))
                    .as(evil).hasMessageContaining("exponential");
        }
        for (String fine : new String[] {"^\\Qabc\\E", "(ab)+", "a+b*c?", "^[a-z]+@(example|test)\\.com$"}) {
            assertThat(parse("{\"a\":{\"$regex\":\"" + fine.replace("\\", "\\\\") + "\"}}")).as(fine)
                    .isInstanceOf(Predicate.Field.class);
        }
    }

    @Test
    void limitsNameThemselves() {
        QueryLimits tight = new QueryLimits(2, 1, 5, 3);
        WhereParser strict = new WhereParser(tight, false);
        assertThatThrownBy(() -> strict.parse(Json.parse("{\"$or\":[{\"a\":1},{\"a\":2},{\"a\":3}]}")))
                .hasMessageContaining("maxOrWidth");
        assertThatThrownBy(() -> strict.parse(Json.parse("{\"a\":{\"$regex\":\"abcdef\"}}")))
                .hasMessageContaining("maxRegexLength");
        assertThatThrownBy(() -> strict.parse(Json.parse("{\"a\":{\"$in\":[1,2,3,4]}}")))
                .hasMessageContaining("maxInValues");
        String nested = "{\"p\":{\"$inQuery\":{\"className\":\"A\",\"where\":{\"q\":{\"$inQuery\":{\"className\":\"B\",\"where\":{}}}}}}}";
        assertThatThrownBy(() -> strict.parse(Json.parse(nested))).hasMessageContaining("maxSubqueryDepth");
        assertThat(strict.parse(Json.parse("{\"p\":{\"$inQuery\":{\"className\":\"A\",\"where\":{\"x\":1}}}}")))
                .isInstanceOf(Predicate.Field.class);
    }

    @Test
    void relativeTimeResolvesBothDirections() {
        Instant now = Instant.parse("2024-01-10T00:00:00Z");
        assertThat(RelativeTime.resolve("3 days ago", now)).isEqualTo(Instant.parse("2024-01-07T00:00:00Z"));
        assertThat(RelativeTime.resolve("in 2 hours 30 minutes", now)).isEqualTo(Instant.parse("2024-01-10T02:30:00Z"));
        assertThat(RelativeTime.resolve("now", now)).isEqualTo(now);
        assertThatThrownBy(() -> RelativeTime.resolve("3 fortnights ago", now)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> RelativeTime.resolve("in 3 days ago", now)).isInstanceOf(ParseException.class);
    }

    @Test
    void findOptionsValidateLikeParse() {
        FindOptions options = FindOptions.forFind(Json.parse("{\"limit\":5,\"order\":\"-score,name\",\"keys\":\"a,b.c\",\"include\":\"b\",\"count\":1}"), 100);
        assertThat(options.limit()).isEqualTo(5);
        assertThat(options.order()).containsExactly(new FindOptions.SortKey("score", false), new FindOptions.SortKey("name", true));
        assertThat(options.keys()).containsExactlyInAnyOrder("a", "b.c");
        assertThat(options.count()).isTrue();
        assertThat(codeOf(() -> FindOptions.forFind(Json.parse("{\"limit\":101}"), 100))).isEqualTo(ParseErrorCode.INVALID_QUERY);
        assertThat(codeOf(() -> FindOptions.forFind(Json.parse("{\"nope\":1}"), 100))).isEqualTo(ParseErrorCode.INVALID_QUERY);
        assertThat(codeOf(() -> FindOptions.forGet(Json.parse("{\"limit\":1}")))).isEqualTo(ParseErrorCode.INVALID_QUERY);
        assertThat(codeOf(() -> FindOptions.forFind(Json.parse("{\"order\":\"ACL\"}"), 100))).isEqualTo(ParseErrorCode.INVALID_KEY_NAME);
    }
}
