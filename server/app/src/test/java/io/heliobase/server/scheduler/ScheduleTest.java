package io.heliobase.server.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Schedules read from Parse's dashboard fields, from cron, and refused when they cannot run. */
class ScheduleTest {

    @Test
    void parseDashboardFieldsBecomeCronExpressions() {
        assertThat(Schedule.cronOf(Json.parse("{\"timeOfDay\":\"07:30:00\"}"))).isEqualTo("0 30 7 ? * *");
        assertThat(Schedule.cronOf(Json.parse("{\"timeOfDay\":\"07:30:15\",\"daysOfWeek\":[1,3,\"friday\"]}")))
                .isEqualTo("15 30 7 ? * MON,WED,FRI");
        assertThat(Schedule.cronOf(Json.parse("{\"repeatMinutes\":15,\"timeOfDay\":\"00:07:00\"}")))
                .isEqualTo("0 7/15 * * * ?");
        assertThat(Schedule.cronOf(Json.parse("{\"repeatMinutes\":120,\"timeOfDay\":\"01:05:00\"}")))
                .isEqualTo("0 5 1/2 * * ?");
        assertThat(Schedule.cronOf(Json.parse("{\"cron\":\"0 0 9 ? * MON-FRI\",\"timeOfDay\":\"07:00:00\"}")))
                .as("cron wins").isEqualTo("0 0 9 ? * MON-FRI");
        assertThatThrownBy(() -> Schedule.cronOf(Json.parse("{\"repeatMinutes\":7}")))
                .hasMessageContaining("repeatMinutes");
    }

    @Test
    void storedSchedulesAreCheckedWhole() {
        Schedule schedule = Schedule.fromStored(Json.parse("{\"objectId\":\"s1\",\"jobName\":\"nudge\",\"cron\":\"0 0 8 * * ?\","
                + "\"timeZone\":\"Europe/Paris\",\"params\":\"{\\\"n\\\":1}\",\"retries\":2,\"misfire\":\"runOnce\"}"));
        assertThat(schedule.key()).isEqualTo("s1");
        assertThat(schedule.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(schedule.params().path("n").asInt()).as("Parse stores params as JSON text").isEqualTo(1);
        assertThat(schedule.misfire()).isEqualTo(Schedule.Misfire.RUN_ONCE);
        assertThat(Schedule.fromCode(Json.parse("{\"jobName\":\"tick\",\"cron\":\"* * * * * ?\"}")).key())
                .isEqualTo("code:tick");
        for (String bad : new String[] {"{\"objectId\":\"x\",\"cron\":\"* * * * * ?\"}",
                "{\"objectId\":\"x\",\"jobName\":\"j\",\"cron\":\"every minute\"}",
                "{\"objectId\":\"x\",\"jobName\":\"j\",\"cron\":\"* * * * * ?\",\"timeZone\":\"Mars/Olympus\"}",
                "{\"objectId\":\"x\",\"jobName\":\"j\",\"cron\":\"* * * * * ?\",\"retries\":99}",
                "{\"objectId\":\"x\",\"jobName\":\"j\",\"cron\":\"* * * * * ?\",\"misfire\":\"always\"}",
                "{\"objectId\":\"x\",\"jobName\":\"j\",\"cron\":\"* * * * * ?\",\"params\":\"[1]\"}"}) {
            assertThatThrownBy(() -> Schedule.fromStored(Json.parse(bad))).as(bad).isInstanceOf(ParseException.class);
        }
    }
}
