package io.heliobase.cloudcode.sandbox;

import java.time.Duration;

/** What one invocation may use: CPU time, bytes allocated, and statements executed. */
public record Limits(Duration cpuTime, long allocatedBytes, long statements) {
    public static final Limits FUNCTION_DEFAULTS = new Limits(Duration.ofSeconds(5), 256L * 1024 * 1024, 50_000_000L);
}
