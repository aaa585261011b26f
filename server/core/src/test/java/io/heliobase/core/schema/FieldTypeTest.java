package io.heliobase.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"string", "number", "boolean", "date", "object", "array", "geopoint", "polygon",
        "bytes", "file", "*_User", "relation<_Role>"})
    void mongoTypeStringsRoundTrip(String type) {
        assertThat(FieldType.fromMongo(type).toMongo()).isEqualTo(type);
    }

    @Test
    void mapReadsAsObject() {
        assertThat(FieldType.fromMongo("map")).isEqualTo(FieldType.of(FieldType.Kind.OBJECT));
    }

    @Test
    void classAndFieldNames() {
        assertThat(Names.isValidClassName("GameScore")).isTrue();
        assertThat(Names.isValidClassName("_User")).isTrue();
        assertThat(Names.isValidClassName("_Unknown")).isFalse();
        assertThat(Names.isValidClassName("1abc")).isFalse();
        assertThat(Names.isValidClassName("a".repeat(200))).isFalse();
        assertThat(Names.isValidFieldName("score_1")).isTrue();
        assertThat(Names.isValidFieldName("_score")).isFalse();
        assertThat(Names.isValidFieldName("length")).isFalse();
        assertThat(Names.printable("a\nb")).isEqualTo("a?b");
    }
}
