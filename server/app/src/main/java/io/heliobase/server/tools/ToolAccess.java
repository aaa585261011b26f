package io.heliobase.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.json.Json;
import java.util.LinkedHashSet;
import java.util.Set;

/** Who may call a tool, or approve a call of it. The master key always may. */
public sealed interface ToolAccess {

    /** Anyone with the app's keys, signed in or not. */
    record Public() implements ToolAccess {
    }

    /** Any signed-in user. */
    record SignedIn() implements ToolAccess {
    }

    /** The master key only. */
    record MasterOnly() implements ToolAccess {
    }

    /** Users holding at least one of these roles (inherited roles count). */
    record Roles(Set<String> names) implements ToolAccess {
        public Roles {
            names = Set.copyOf(names);
        }
    }

    /** For approvals: the user the call is for (its caller, or its task's owner). */
    record CallOwner() implements ToolAccess {
    }

    /** Whether {@code caller} passes; {@code owners} are the user ids a {@link CallOwner} rule accepts. */
    default boolean allows(Caller caller, Set<String> owners) {
        if (caller instanceof Caller.Master) {
            return true;
        }
        return switch (this) {
            case Public p -> true;
            case SignedIn s -> caller instanceof Caller.User;
            case MasterOnly m -> false;
            case Roles r -> caller instanceof Caller.User u && u.roles().stream().anyMatch(r.names()::contains);
            case CallOwner o -> caller instanceof Caller.User u && owners.contains(u.userId());
        };
    }

    /** As the tool declared it: "public", "user", "master", {"roles": [...]}, or true for the call's owner. */
    default JsonNode toJson() {
        return switch (this) {
            case Public p -> Json.mapper().getNodeFactory().textNode("public");
            case SignedIn s -> Json.mapper().getNodeFactory().textNode("user");
            case MasterOnly m -> Json.mapper().getNodeFactory().textNode("master");
            case CallOwner o -> Json.mapper().getNodeFactory().booleanNode(true);
            case Roles r -> {
                ArrayNode names = Json.array();
                r.names().stream().sorted().forEach(names::add);
                yield Json.object().set("roles", names);
            }
        };
    }

    /** Reads a declaration; the prelude has already refused anything else. */
    static ToolAccess parse(JsonNode declared) {
        if (declared.isBoolean()) {
            return new CallOwner();
        }
        if (declared.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            declared.path("roles").forEach(n -> names.add(n.asText()));
            return new Roles(names);
        }
        return switch (declared.asText("user")) {
            case "public" -> new Public();
            case "master" -> new MasterOnly();
            default -> new SignedIn();
        };
    }
}
