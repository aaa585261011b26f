package io.heliobase.server.sessions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Predicate;
import io.heliobase.server.data.ClassRules;

/**
 * _Session rows carry no ACL in Parse's layout, so access is by ownership: a client sees and deletes only its own
 * user's sessions, needs a session to ask at all, and cannot create or edit sessions (login and sign-up do).
 */
public final class SessionRules implements ClassRules {
    private final SessionTokens tokens;

    public SessionRules(SessionTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Predicate restrictAccess(Caller caller) {
        if (!(caller instanceof Caller.User user)) {
            throw new ParseException(ParseErrorCode.INVALID_SESSION_TOKEN, "Session token required.");
        }
        return new Predicate.Field("user", new Constraint.Compare(Constraint.Comparison.EQ,
                SessionStore.userPointer(user.userId())));
    }

    @Override
    public void beforeCreate(Write write) {
        if (!write.caller().isMaster()) {
            throw ParseException.forbidden("Sessions are created by signing up or logging in.");
        }
    }

    @Override
    public void beforeUpdate(Write write) {
        if (!write.caller().isMaster()) {
            throw ParseException.forbidden("Clients aren't allowed to update sessions.");
        }
    }

    @Override
    public boolean needsOriginal() {
        return true;
    }

    @Override
    public void afterDelete(Caller caller, ObjectNode original) {
        tokens.forget(original.path("sessionToken").asText());
    }
}
