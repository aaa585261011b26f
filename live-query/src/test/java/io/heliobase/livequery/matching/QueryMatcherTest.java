package io.heliobase.livequery.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.query.QueryLimits;
import io.heliobase.core.query.WhereParser;
import org.junit.jupiter.api.Test;

class QueryMatcherTest {
    static final WhereParser PARSER = new WhereParser(QueryLimits.DEFAULTS, false);

    static boolean matches(String where, String object) {
        return QueryMatcher.matches(where(where), (ObjectNode) Json.parse(q(object)));
    }

    static Predicate where(String where) {
        return PARSER.parse(Json.parse(q(where)));
    }

    /** Single quotes in test JSON read better; none of the values needs a literal one. */
    static String q(String json) {
        return json.replace('\'', '"');
    }

    @Test
    void emptyWhereMatchesEverything() {
        assertThat(matches("{}", "{'a':1}")).isTrue();
    }

    @Test
    void numbersCompareByValueNotRepresentation() {
        assertThat(matches("{'n':1}", "{'n':1.0}")).isTrue();
        assertThat(matches("{'n':{'$gt':2}}", "{'n':10}")).isTrue();
        assertThat(matches("{'n':{'$lt':2}}", "{'n':10}")).isFalse();
        assertThat(matches("{'n':{'$gte':10,'$lte':10}}", "{'n':10}")).isTrue();
        assertThat(matches("{'n':{'$gt':9.5}}", "{'n':10}")).isTrue();
    }

    @Test
    void numbersAndStringsNeverCompare() {
        assertThat(matches("{'n':{'$gt':'1'}}", "{'n':10}")).isFalse();
        assertThat(matches("{'n':{'$lt':1}}", "{'n':'0'}")).isFalse();
        assertThat(matches("{'n':'10'}", "{'n':10}")).isFalse();
    }

    @Test
    void stringsCompareByCodePoint() {
        assertThat(matches("{'s':{'$gt':'abc'}}", "{'s':'abd'}")).isTrue();
        assertThat(matches("{'s':{'$lt':'b'}}", "{'s':'B'}")).isTrue();
        // U+1F600 (a surrogate pair in UTF-16) sorts after U+FF21, as in UTF-8 and MongoDB
        assertThat(matches("{'s':{'$gt':'\uFF21'}}", "{'s':'\uD83D\uDE00'}")).isTrue();
    }

    @Test
    void booleansEqualAndOrder() {
        assertThat(matches("{'b':true}", "{'b':true}")).isTrue();
        assertThat(matches("{'b':true}", "{'b':'true'}")).isFalse();
        assertThat(matches("{'b':{'$gt':false}}", "{'b':true}")).isTrue();
    }

    @Test
    void notEqualMatchesMissingFields() {
        assertThat(matches("{'a':{'$ne':1}}", "{}")).isTrue();
        assertThat(matches("{'a':{'$ne':1}}", "{'a':1}")).isFalse();
        assertThat(matches("{'a':{'$ne':1}}", "{'a':[1,2]}")).isFalse();
    }

    @Test
    void nullMatchesMissingOrNullAsInMongo() {
        assertThat(matches("{'a':null}", "{}")).isTrue();
        assertThat(matches("{'a':null}", "{'a':null}")).isTrue();
        assertThat(matches("{'a':null}", "{'a':0}")).isFalse();
        assertThat(matches("{'a':{'$ne':null}}", "{'a':0}")).isTrue();
    }

    @Test
    void datesCompareByInstant() {
        String obj = "{'d':{'__type':'Date','iso':'2024-05-01T10:00:00.000Z'}}";
        assertThat(matches("{'d':{'$gt':{'__type':'Date','iso':'2024-05-01T09:00:00.000Z'}}}", obj)).isTrue();
        assertThat(matches("{'d':{'$lt':{'__type':'Date','iso':'2024-05-01T09:00:00.000Z'}}}", obj)).isFalse();
        assertThat(matches("{'d':{'__type':'Date','iso':'2024-05-01T12:00:00+02:00'}}", obj)).isTrue();
        assertThat(matches("{'d':{'$gt':'2024-01-01'}}", obj)).isFalse();
    }

    @Test
    void createdAtAndUpdatedAtStringsCompareAsDates() {
        String obj = "{'createdAt':'2024-05-01T10:00:00.000Z','updatedAt':'2024-06-01T10:00:00.000Z'}";
        assertThat(matches("{'createdAt':{'$lt':{'__type':'Date','iso':'2024-05-02T00:00:00.000Z'}}}", obj)).isTrue();
        assertThat(matches("{'updatedAt':{'$lte':{'__type':'Date','iso':'2024-05-02T00:00:00.000Z'}}}", obj)).isFalse();
        assertThat(matches("{'createdAt':{'__type':'Date','iso':'2024-05-01T10:00:00Z'}}", obj)).isTrue();
    }

    @Test
    void relativeTimeWasResolvedByTheParser() {
        assertThat(matches("{'updatedAt':{'$gt':{'$relativeTime':'1 day ago'}}}",
                "{'updatedAt':'" + Json.iso(java.time.Instant.now()) + "'}")).isTrue();
        assertThat(matches("{'updatedAt':{'$gt':{'$relativeTime':'1 day ago'}}}",
                "{'updatedAt':'2001-01-01T00:00:00.000Z'}")).isFalse();
    }

    @Test
    void pointersCompareByClassAndId() {
        String obj = "{'owner':{'__type':'Pointer','className':'_User','objectId':'u1'}}";
        assertThat(matches("{'owner':{'__type':'Pointer','className':'_User','objectId':'u1'}}", obj)).isTrue();
        assertThat(matches("{'owner':{'__type':'Pointer','className':'Team','objectId':'u1'}}", obj)).isFalse();
        assertThat(matches("{'owner':{'$ne':{'__type':'Pointer','className':'_User','objectId':'u2'}}}", obj)).isTrue();
        assertThat(matches("{'owner':{'$in':[{'__type':'Pointer','className':'_User','objectId':'u1'}]}}", obj))
                .isTrue();
        String included = "{'owner':{'__type':'Object','className':'_User','objectId':'u1','name':'x'}}";
        assertThat(matches("{'owner':{'__type':'Pointer','className':'_User','objectId':'u1'}}", included)).isTrue();
    }

    @Test
    void equalityOnAnArrayMeansContains() {
        String obj = "{'tags':['a','b'],'ptrs':[{'__type':'Pointer','className':'T','objectId':'1'}]}";
        assertThat(matches("{'tags':'a'}", obj)).isTrue();
        assertThat(matches("{'tags':'c'}", obj)).isFalse();
        assertThat(matches("{'tags':['a','b']}", obj)).isTrue();
        assertThat(matches("{'tags':['b','a']}", obj)).isFalse();
        assertThat(matches("{'ptrs':{'__type':'Pointer','className':'T','objectId':'1'}}", obj)).isTrue();
        assertThat(matches("{'tags':{'$gt':'a'}}", obj)).isTrue();
    }

    @Test
    void inAndNotIn() {
        assertThat(matches("{'a':{'$in':[1,2]}}", "{'a':2}")).isTrue();
        assertThat(matches("{'a':{'$in':[1,2]}}", "{'a':3}")).isFalse();
        assertThat(matches("{'a':{'$in':[1,2]}}", "{'a':[3,2]}")).isTrue();
        assertThat(matches("{'a':{'$in':[1,null]}}", "{}")).isTrue();
        assertThat(matches("{'a':{'$nin':[1,2]}}", "{'a':3}")).isTrue();
        assertThat(matches("{'a':{'$nin':[1,2]}}", "{'a':1}")).isFalse();
        assertThat(matches("{'a':{'$nin':[1,2]}}", "{}")).isTrue();
    }

    @Test
    void containsAll() {
        assertThat(matches("{'a':{'$all':[1,2]}}", "{'a':[3,2,1]}")).isTrue();
        assertThat(matches("{'a':{'$all':[1,4]}}", "{'a':[3,2,1]}")).isFalse();
        assertThat(matches("{'a':{'$all':[1]}}", "{}")).isFalse();
        assertThat(matches("{'a':{'$all':[]}}", "{'a':[1]}")).isFalse();
        assertThat(matches("{'a':{'$all':[{'$regex':'^\\\\Qfo\\\\E'},{'$regex':'^ba'}]}}", "{'a':['foo','bar']}"))
                .isTrue();
        assertThat(matches("{'a':{'$all':[{'$regex':'^\\\\Qfo\\\\E'},{'$regex':'^z'}]}}", "{'a':['foo','bar']}"))
                .isFalse();
    }

    @Test
    void containedBy() {
        assertThat(matches("{'a':{'$containedBy':[1,2,3]}}", "{'a':[3,1]}")).isTrue();
        assertThat(matches("{'a':{'$containedBy':[1,2,3]}}", "{'a':[3,4]}")).isFalse();
        assertThat(matches("{'a':{'$containedBy':[1,2,3]}}", "{'a':[]}")).isTrue();
        assertThat(matches("{'a':{'$containedBy':[1]}}", "{}")).isTrue();
    }

    @Test
    void exists() {
        assertThat(matches("{'a':{'$exists':true}}", "{'a':0}")).isTrue();
        assertThat(matches("{'a':{'$exists':true}}", "{'a':null}")).isTrue();
        assertThat(matches("{'a':{'$exists':true}}", "{}")).isFalse();
        assertThat(matches("{'a':{'$exists':false}}", "{}")).isTrue();
        assertThat(matches("{'a.b':{'$exists':false}}", "{'a':{'c':1}}")).isTrue();
    }

    @Test
    void dotPathsReachIntoObjectsAndArrayIndexes() {
        String obj = "{'o':{'p':{'q':5}},'arr':[{'x':1},{'x':2}]}";
        assertThat(matches("{'o.p.q':5}", obj)).isTrue();
        assertThat(matches("{'o.p.q':{'$gt':6}}", obj)).isFalse();
        assertThat(matches("{'o.p':{'q':5}}", obj)).isTrue();
        assertThat(matches("{'o.missing.q':5}", obj)).isFalse();
        assertThat(matches("{'arr.1.x':2}", obj)).isTrue();
    }

    @Test
    void plainObjectsCompareRegardlessOfKeyOrder() {
        assertThat(matches("{'o':{'x':1,'y':[1,2]}}", "{'o':{'y':[1,2],'x':1.0}}")).isTrue();
        assertThat(matches("{'o':{'x':1}}", "{'o':{'x':1,'y':2}}")).isFalse();
    }

    @Test
    void regexWithOptions() {
        assertThat(matches("{'s':{'$regex':'^he'}}", "{'s':'hello'}")).isTrue();
        assertThat(matches("{'s':{'$regex':'^HE'}}", "{'s':'hello'}")).isFalse();
        assertThat(matches("{'s':{'$regex':'^HE','$options':'i'}}", "{'s':'hello'}")).isTrue();
        assertThat(matches("{'s':{'$regex':'^ÉTÉ$','$options':'i'}}", "{'s':'été'}")).isTrue();
        assertThat(matches("{'s':{'$regex':'^b$'}}", "{'s':'a\\nb'}")).isFalse();
        assertThat(matches("{'s':{'$regex':'^b$','$options':'m'}}", "{'s':'a\\nb'}")).isTrue();
        assertThat(matches("{'s':{'$regex':'a.b'}}", "{'s':'a\\nb'}")).isFalse();
        assertThat(matches("{'s':{'$regex':'a.b','$options':'s'}}", "{'s':'a\\nb'}")).isTrue();
        assertThat(matches("{'s':{'$regex':'h e l # comment','$options':'x'}}", "{'s':'hello'}")).isTrue();
        assertThat(matches("{'s':{'$regex':'ll'}}", "{'s':'hello'}")).isTrue();
    }

    @Test
    void regexQuotedLiteralFromTheSdk() {
        assertThat(matches("{'s':{'$regex':'^\\\\Qa.b*\\\\E'}}", "{'s':'a.b*c'}")).isTrue();
        assertThat(matches("{'s':{'$regex':'^\\\\Qa.b*\\\\E'}}", "{'s':'axbc'}")).isFalse();
    }

    @Test
    void regexOnNonStringsAndArrays() {
        assertThat(matches("{'s':{'$regex':'1'}}", "{'s':1}")).isFalse();
        assertThat(matches("{'s':{'$regex':'^b'}}", "{'s':['a','bc']}")).isTrue();
        assertThat(matches("{'s':{'$regex':'^b'}}", "{}")).isFalse();
    }

    @Test
    void catastrophicRegexGivesUpInsteadOfHanging() {
        // the where parser refuses this shape; the matcher's step budget is the second line of defence
        Predicate evil = new Predicate.Field("s", new io.heliobase.core.query.Constraint.Regex("^(a+)+$", ""));
        var object = (com.fasterxml.jackson.databind.node.ObjectNode) io.heliobase.core.json.Json.parse(
                "{\"s\":\"" + "a".repeat(40) + "!\"}");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> assertThat(QueryMatcher.matches(evil, object)).isFalse());
    }

    @Test
    void orAndNor() {
        assertThat(matches("{'$or':[{'a':1},{'b':2}]}", "{'b':2}")).isTrue();
        assertThat(matches("{'$or':[{'a':1},{'b':2}]}", "{'b':3}")).isFalse();
        assertThat(matches("{'$and':[{'a':1},{'b':2}]}", "{'a':1,'b':2}")).isTrue();
        assertThat(matches("{'$and':[{'a':1},{'b':2}]}", "{'a':1}")).isFalse();
        assertThat(matches("{'$nor':[{'a':1},{'b':2}]}", "{'a':3}")).isTrue();
        assertThat(matches("{'$nor':[{'a':1},{'b':2}]}", "{'b':2}")).isFalse();
        assertThat(matches("{'c':3,'$or':[{'a':1},{'$and':[{'b':2},{'d':{'$exists':true}}]}]}", "{'c':3,'b':2,'d':0}"))
                .isTrue();
    }
}
