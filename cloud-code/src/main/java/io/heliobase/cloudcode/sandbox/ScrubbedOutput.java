package io.heliobase.cloudcode.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * What scripts print ({@code console}, {@code request.log}), line by line through a scrubber before it reaches the
 * server's log, so personal data in a script's output is redacted like data written to the database.
 */
final class ScrubbedOutput extends OutputStream {
    /** A line longer than this is passed on in pieces rather than held. */
    private static final int MAX_LINE = 64 * 1024;

    private final PrintStream target;
    private final UnaryOperator<String> scrub;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ScrubbedOutput(PrintStream target, UnaryOperator<String> scrub) {
        this.target = target;
        this.scrub = scrub;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
            if (line.size() >= MAX_LINE) {
                emit();
            }
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    private void emit() {
        target.println(scrub.apply(line.toString(StandardCharsets.UTF_8)));
        line.reset();
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush(); // a partial line waits for its end, so it is scrubbed whole
    }
}
