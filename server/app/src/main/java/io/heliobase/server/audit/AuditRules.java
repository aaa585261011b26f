package io.heliobase.server.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;
import io.heliobase.server.data.ClassRules;

/** Keeps {@code _Audit} append-only: entries are never updated or deleted, not even with the master key. */
public final class AuditRules implements ClassRules {

    @Override
    public void beforeUpdate(Write write) {
        throw ParseException.forbidden("The audit log is append-only.");
    }

    @Override
    public boolean needsOriginal() {
        return true; // so the delete check always runs
    }

    @Override
    public void beforeDelete(Caller caller, ObjectNode original) {
        throw ParseException.forbidden("The audit log is append-only.");
    }
}
