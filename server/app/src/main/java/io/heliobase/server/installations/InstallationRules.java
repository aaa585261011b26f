package io.heliobase.server.installations;

import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.object.FieldOp;
import io.heliobase.server.data.ClassRules;

/**
 * _Installation: clients may register and update their device and read it by id, but only the master key may list
 * or delete installations, as in Parse. An installation needs an installationId or a deviceToken, and a deviceType.
 */
public final class InstallationRules implements ClassRules {

    @Override
    public void beforeCreate(Write write) {
        if (!write.ops().containsKey("installationId") && !write.ops().containsKey("deviceToken")) {
            throw new ParseException(ParseErrorCode.MISSING_REQUIRED_FIELD,
                    "at least one ID field (deviceToken, installationId) must be specified in this operation");
        }
        if (!(write.ops().get("deviceType") instanceof FieldOp.Set)) {
            throw new ParseException(ParseErrorCode.MISSING_REQUIRED_FIELD, "deviceType must be specified in this operation");
        }
    }

    @Override
    public boolean clientsMayList() {
        return false;
    }

    @Override
    public void beforeDelete(Caller caller, com.fasterxml.jackson.databind.node.ObjectNode original) {
        if (!caller.isMaster()) {
            throw ParseException.forbidden("Clients aren't allowed to perform the delete operation on the installation collection.");
        }
    }

    @Override
    public boolean needsOriginal() {
        return true;
    }
}
