package io.heliobase.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heliobase.core.error.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path for Parse's date form agrees with java.time on every date, and leaves everything else to it. */
class IsoDatesTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsAndParsesLikeJavaTimeAcrossTheCalendar() {
        Random random = new Random(7);
        long min = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
        long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        List<String> edges = List.of("1970-01-01T00:00:00.000Z", "2000-02-29T12:00:00.001Z", "2024-02-29T23:59:59.999Z",
                "1900-02-28T00:00:00.000Z", "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
                "1969-12-31T23:59:59.999Z");
        for (String edge : edges) {
            Instant instant = Instant.parse(edge);
            assertThat(IsoDates.parse(edge)).as(edge).isEqualTo(instant);
            assertThat(IsoDates.format(instant)).as(edge).isEqualTo(edge).isEqualTo(REFERENCE.format(instant));
        }
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochMilli(min + (long) (random.nextDouble() * (max - min)));
            String expected = REFERENCE.format(instant);
            assertThat(IsoDates.format(instant)).isEqualTo(expected);
            assertThat(IsoDates.parse(expected)).isEqualTo(instant);
        }
    }

    @Test
    void anythingElseIsLeftToTheGeneralParser() {
        for (String other : List.of("2024-02-30T00:00:00.000Z", "2023-02-29T00:00:00.000Z", "2024-13-01T00:00:00.000Z",
                "2024-01-01T24:00:00.000Z", "2024-01-01T00:60:00.000Z", "2024-01-01T00:00:60.000Z",
                "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000+01:00", "2024-01-01 00:00:00.000Z",
                "20x4-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "２０２４-01-01T00:00:00.000Z")) {
            assertThat(IsoDates.parse(other)).as(other).isNull();
        }
        assertThat(Json.parseIso("2024-01-01T00:00:00Z")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(Json.parseIso("2024-01-01T01:00:00.000+01:00")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThatThrownBy(() -> Json.parseIso("2023-02-29T00:00:00.000Z")).isInstanceOf(ParseException.class);
        assertThat(IsoDates.format(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
        assertThat(Json.iso(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo(REFERENCE.format(Instant.parse("+10000-01-01T00:00:00Z")));
    }
}
