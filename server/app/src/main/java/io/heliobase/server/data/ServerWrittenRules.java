package io.heliobase.server.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;

/**
 * For records the server alone writes ({@code _ToolCall}, {@code _PrivacyRequest}): clients read them as their ACL
 * allows, but only the master key creates, changes or deletes them — and {@code refusal} says how clients get one.
 */
public final class ServerWrittenRules implements ClassRules {
    private final String refusal;

    public ServerWrittenRules(String refusal) {
        this.refusal = refusal;
    }

    private void serverOnly(Caller caller) {
        if (!(caller instanceof Caller.Master)) {
            throw ParseException.forbidden(refusal);
        }
    }

    @Override
    public void beforeCreate(Write write) {
        serverOnly(write.caller());
    }

    @Override
    public void beforeUpdate(Write write) {
        serverOnly(write.caller());
    }

    @Override
    public boolean needsOriginal() {
        return true; // so the delete check always runs
    }

    @Override
    public void beforeDelete(Caller caller, ObjectNode original) {
        serverOnly(caller);
    }
}
