package io.heliobase.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.data.ClassRules;

/**
 * {@code _AgentTask}: a signed-in user creates tasks for themselves (owner set to them, private to them unless an ACL
 * says otherwise); the master key may create them for anyone. The owner never changes.
 */
public final class AgentTaskRules implements ClassRules {

    @Override
    public void beforeCreate(Write write) {
        switch (write.caller()) {
            case Caller.User user -> {
                FieldOp owner = write.ops().get("owner");
                if (owner != null && !(owner instanceof FieldOp.Set set && user.userId().equals(
                        set.value().path("objectId").asText()))) {
                    throw ParseException.forbidden("An agent task's owner is the user who creates it.");
                }
                write.ops().put("owner", new FieldOp.Set(Json.pointer(SystemClasses.USER, user.userId())));
                if (write.acl() == null) {
                    write.acl(Json.object().set(user.userId(), Json.object().put("read", true).put("write", true)));
                }
            }
            case Caller.Master master -> {
                FieldOp owner = write.ops().get("owner");
                JsonNode ownerId = owner instanceof FieldOp.Set set ? set.value().path("objectId") : null;
                if (write.acl() == null && ownerId != null && ownerId.isTextual()) {
                    write.acl(Json.object().set(ownerId.asText(), Json.object().put("read", true).put("write", true)));
                }
            }
            default -> throw new ParseException(ParseErrorCode.SESSION_MISSING, "Sign in to create agent tasks.");
        }
    }

    @Override
    public void beforeUpdate(Write write) {
        if (write.ops().containsKey("owner") && !(write.caller() instanceof Caller.Master)) {
            throw ParseException.forbidden("An agent task's owner never changes.");
        }
    }
}
