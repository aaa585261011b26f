package io.heliobase.cloudcode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What scripts may ask of the server ({@code Parse.Query}, {@code Parse.Object.save}, ...): one request as JSON, with
 * {@code op}, {@code auth} ({@code {"master":true}}, {@code {"sessionToken":...}} or neither) and the operation's
 * arguments. Answers the result, or throws the {@link io.heliobase.core.error.ParseException} the script will see.
 */
@FunctionalInterface
public interface ServerAccess {

    JsonNode call(ObjectNode request);
}
