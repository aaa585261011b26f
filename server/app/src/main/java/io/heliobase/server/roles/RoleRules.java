package io.heliobase.server.roles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.object.FieldOp;
import io.heliobase.server.data.ClassRules;
import java.util.regex.Pattern;

/** _Role: a name is required, valid, unique and fixed once saved; every role write drops cached role sets. */
public final class RoleRules implements ClassRules {
    private static final Pattern NAME = Pattern.compile("^[0-9a-zA-Z\\-_ ]+$");
    private final RoleGraph graph;

    public RoleRules(RoleGraph graph) {
        this.graph = graph;
    }

    @Override
    public void beforeCreate(Write write) {
        if (!(write.ops().get("name") instanceof FieldOp.Set s) || !s.value().isTextual()) {
            throw new ParseException(ParseErrorCode.INVALID_ROLE_NAME, "Role names must be specified.");
        }
        if (!NAME.matcher(s.value().asText()).matches()) {
            throw new ParseException(ParseErrorCode.INVALID_ROLE_NAME,
                    "Role names can only contain alphanumeric characters, _, -, and spaces.");
        }
        if (write.acl() == null) {
            throw new ParseException(ParseErrorCode.INVALID_ACL, "A role needs an ACL.");
        }
    }

    @Override
    public void afterCreate(Write write, ObjectNode response) {
        graph.invalidate();
    }

    @Override
    public void beforeUpdate(Write write) {
        if (write.ops().containsKey("name")) {
            throw new ParseException(ParseErrorCode.INVALID_ROLE_NAME,
                    "A role's name can only be set before it has been saved.");
        }
    }

    @Override
    public void afterUpdate(Write write, ObjectNode response) {
        graph.invalidate();
    }

    @Override
    public void afterDelete(Caller caller, ObjectNode original) {
        graph.invalidate();
    }

    @Override
    public boolean needsOriginal() {
        return true;
    }
}
