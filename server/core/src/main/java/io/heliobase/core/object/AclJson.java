package io.heliobase.core.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.Names;
import java.util.Map;

/** The REST ACL shape {@code {"<userId>|role:Name|*": {"read": true, "write": true}}}. */
public final class AclJson {
    private AclJson() {
    }

    /** Validates an ACL and returns it with only granted rights (Parse stores no {@code false}). */
    public static ObjectNode validate(JsonNode acl) {
        if (acl == null || !acl.isObject()) {
            throw new ParseException(ParseErrorCode.INVALID_ACL, "Invalid ACL.");
        }
        ObjectNode clean = Json.object();
        for (Map.Entry<String, JsonNode> e : acl.properties()) {
            String entry = e.getKey();
            JsonNode rights = e.getValue();
            if (entry.isEmpty() || Names.DENIED_KEYS.contains(entry) || !rights.isObject()) {
                throw new ParseException(ParseErrorCode.INVALID_ACL, "Invalid ACL.");
            }
            ObjectNode granted = Json.object();
            for (Map.Entry<String, JsonNode> r : rights.properties()) {
                if (!(r.getKey().equals("read") || r.getKey().equals("write")) || !r.getValue().isBoolean()) {
                    throw new ParseException(ParseErrorCode.INVALID_ACL, "Invalid ACL.");
                }
                if (r.getValue().booleanValue()) {
                    granted.put(r.getKey(), true);
                }
            }
            if (!granted.isEmpty()) {
                clean.set(entry, granted);
            }
        }
        return clean;
    }
}
