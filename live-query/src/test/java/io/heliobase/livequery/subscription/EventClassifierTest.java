package io.heliobase.livequery.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.livequery.protocol.EventType;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventClassifierTest {

    /** Every combination of the four inputs; '-' means no event. */
    @ParameterizedTest(name = "hadOriginal={0} originalMatched={1} currentMatched={2} deleted={3} -> {4}")
    @CsvSource({
        "false, false, false, false, -",
        "false, false, true,  false, CREATE",
        "false, true,  false, false, -",
        "false, true,  true,  false, CREATE",
        "true,  false, false, false, -",
        "true,  false, true,  false, ENTER",
        "true,  true,  false, false, LEAVE",
        "true,  true,  true,  false, UPDATE",
        "false, false, false, true,  -",
        "false, false, true,  true,  -",
        "false, true,  false, true,  DELETE",
        "false, true,  true,  true,  DELETE",
        "true,  false, false, true,  -",
        "true,  false, true,  true,  -",
        "true,  true,  false, true,  DELETE",
        "true,  true,  true,  true,  DELETE",
    })
    void followsParsesDecisionTable(boolean hadOriginal, boolean originalMatched, boolean currentMatched,
            boolean deleted, String expected) {
        Optional<EventType> want = expected.equals("-") ? Optional.empty() : Optional.of(EventType.valueOf(expected));
        assertThat(EventClassifier.classify(hadOriginal, originalMatched, currentMatched, deleted)).isEqualTo(want);
    }
}
