package io.heliobase.server.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;
import io.heliobase.server.data.ClassRules;

/** {@code _ToolCall} is the server's record: clients read it (as its ACL allows) but never write it. */
public final class ToolCallRules implements ClassRules {

    private static void serverOnly(Caller caller) {
        if (!(caller instanceof Caller.Master)) {
            throw ParseException.forbidden("Tool calls are made with POST /tools/:name, not written directly.");
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
