package io.heliobase.livequery.matching;

import static io.heliobase.livequery.matching.QueryMatcherTest.matches;
import static io.heliobase.livequery.matching.QueryMatcherTest.where;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecidabilityTest {

    @Test
    void plainConstraintsAreDecidable() {
        assertThat(QueryMatcher.decidable(where("{'a':1,'$or':[{'b':{'$regex':'x'}},{'c':{'$exists':true}}]}")))
                .isTrue();
        assertThat(QueryMatcher.decidable(where("{}"))).isTrue();
    }

    @Test
    void subqueriesRelationsAndTextAreNotAndAreNamed() {
        assertThat(QueryMatcher.undecidableOperator(where("{'p':{'$inQuery':{'className':'T','where':{}}}}")))
                .contains("$inQuery");
        assertThat(QueryMatcher.undecidableOperator(where("{'p':{'$notInQuery':{'className':'T','where':{}}}}")))
                .contains("$notInQuery");
        assertThat(QueryMatcher.undecidableOperator(
                where("{'a':1,'$or':[{'b':1},{'k':{'$select':{'query':{'className':'T','where':{}},'key':'k'}}}]}")))
                .contains("$select");
        assertThat(QueryMatcher.undecidableOperator(
                where("{'k':{'$dontSelect':{'query':{'className':'T','where':{}},'key':'k'}}}")))
                .contains("$dontSelect");
        assertThat(QueryMatcher.undecidableOperator(where(
                "{'$relatedTo':{'object':{'__type':'Pointer','className':'T','objectId':'1'},'key':'r'}}")))
                .contains("$relatedTo");
        assertThat(QueryMatcher.undecidableOperator(where("{'t':{'$text':{'$search':{'$term':'x'}}}}")))
                .contains("$text");
    }

    @Test
    void undecidablePartsNeverMatch() {
        assertThat(matches("{'p':{'$inQuery':{'className':'T','where':{}}}}", "{'p':1}")).isFalse();
        assertThat(matches("{'t':{'$text':{'$search':{'$term':'x'}}}}", "{'t':'x'}")).isFalse();
    }
}
