package io.heliobase.server.auth.oidc;

import com.nimbusds.jwt.proc.BadJWTException;

/** Carries a {@link Refusal} out of the claim check, since nimbus only lets a BadJWTException through. */
final class Refused extends BadJWTException {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    Refused(Refusal refusal) {
        super(refusal.reason());
        this.refusal = refusal;
    }

    Refusal refusal() {
        return refusal;
    }

    /** Refusals are expected traffic, not bugs: skip the stack trace. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
