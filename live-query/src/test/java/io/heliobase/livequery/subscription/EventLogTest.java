package io.heliobase.livequery.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.core.events.ObjectChanged;
import io.heliobase.core.json.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private static ObjectChanged created(String className, int n) {
        return new ObjectChanged(className, null, Json.object().put("objectId", "o" + n));
    }

    @Test
    void numbersEventsPerClassAndReplaysWhatWasMissed() {
        EventLog log = new EventLog(Duration.ofMinutes(5), 100);
        for (int i = 1; i <= 5; i++) {
            assertThat(log.append(created("A", i), null).sequence()).isEqualTo(i);
        }
        assertThat(log.append(created("B", 1), null).sequence()).as("per class").isEqualTo(1);
        assertThat(log.after("A", 3).orElseThrow()).extracting(EventLog.Entry::sequence).containsExactly(4L, 5L);
        assertThat(log.after("A", 5).orElseThrow()).as("nothing missed").isEmpty();
        assertThat(log.after("A", 9)).as("a sequence this log never issued: resync").isEmpty();
    }

    @Test
    void aGapBeyondTheRetainedEventsMeansResync() {
        EventLog log = new EventLog(Duration.ofMinutes(5), 3);
        for (int i = 1; i <= 10; i++) {
            log.append(created("A", i), null);
        }
        assertThat(log.after("A", 2)).as("events 3 to 7 are gone").isEmpty();
        assertThat(log.after("A", 7).orElseThrow()).extracting(EventLog.Entry::sequence).containsExactly(8L, 9L, 10L);
        EventLog expired = new EventLog(Duration.ZERO, 100);
        expired.append(created("A", 1), null);
        expired.append(created("A", 2), null);
        assertThat(expired.after("A", 0)).as("too old").isEmpty();
    }

    @Test
    void clusterSequencesAreKeptAndOrdered() {
        EventLog log = new EventLog(Duration.ofMinutes(5), 100);
        log.append(created("A", 1), 11L);
        log.append(created("A", 3), 13L);
        log.append(created("A", 2), 12L);
        assertThat(log.after("A", 10).orElseThrow()).extracting(EventLog.Entry::sequence).containsExactly(11L, 12L, 13L);
        assertThat(log.append(created("A", 4), null).sequence()).isEqualTo(14L);
    }
}
