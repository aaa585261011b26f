package io.heliobase.server.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.cloudcode.CloudCode;
import io.heliobase.cloudcode.sandbox.Limits;
import io.heliobase.server.data.Triggers;
import java.time.Duration;
import java.util.Set;

/** The cloud code's triggers, as the data paths run them: with Parse's 1 s budget for triggers. */
public final class CloudTriggers implements Triggers {
    private static final Limits TRIGGER_LIMITS = new Limits(Duration.ofSeconds(1),
            Limits.FUNCTION_DEFAULTS.allocatedBytes(), Limits.FUNCTION_DEFAULTS.statements());
    private final CloudCode code;
    private volatile Set<String> registered;

    public CloudTriggers(CloudCode code) {
        this.code = code;
        this.registered = Set.copyOf(code.triggers()); // read at load and reload; no sandbox call per write
        code.onReload(() -> registered = Set.copyOf(code.triggers()));
    }

    @Override
    public boolean has(String type, String className) {
        return registered.contains(type + ":" + className);
    }

    @Override
    public ObjectNode run(String type, String className, ObjectNode request) {
        return code.trigger(type, className, request, TRIGGER_LIMITS);
    }
}
