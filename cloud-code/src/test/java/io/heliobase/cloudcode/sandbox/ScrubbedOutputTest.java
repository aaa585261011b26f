package io.heliobase.cloudcode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Script output reaches the log a line at a time, through the scrubber, never split before it is scrubbed. */
class ScrubbedOutputTest {

    @Test
    void linesAreScrubbedWhole() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ScrubbedOutput out = new ScrubbedOutput(new PrintStream(log, true, StandardCharsets.UTF_8),
                line -> line.replaceAll("[\\w.]+@[\\w.]+", "<EMAIL>"));
        byte[] text = "mail ada@exam".getBytes(StandardCharsets.UTF_8);
        out.write(text, 0, text.length);
        out.flush();
        assertThat(log.toString(StandardCharsets.UTF_8)).as("half a line waits").isEmpty();
        byte[] rest = "ple.com now\nsecond\n".getBytes(StandardCharsets.UTF_8);
        out.write(rest, 0, rest.length);
        assertThat(log.toString(StandardCharsets.UTF_8)).isEqualTo("mail <EMAIL> now" + System.lineSeparator()
                + "second" + System.lineSeparator());
    }
}
