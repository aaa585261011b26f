package io.heliobase.server.http;

import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseException;

/** Guards for master-key-only routes, answering as Parse Server does. */
public final class MasterKeyRequired {
    private MasterKeyRequired() {
    }

    /** Reads: master or read-only master. Others get 403 "unauthorized: master key is required". */
    public static void forRead(Caller caller) {
        if (!caller.isMaster()) {
            throw new KeyAuth.Unauthorized("unauthorized: master key is required");
        }
    }

    /** Writes: only the full master key; the read-only one gets Parse's 119. */
    public static void forWrite(Caller caller, String operation) {
        forRead(caller);
        if (!caller.mayWrite()) {
            throw ParseException.forbidden("read-only masterKey isn't allowed to " + operation + ".");
        }
    }
}
