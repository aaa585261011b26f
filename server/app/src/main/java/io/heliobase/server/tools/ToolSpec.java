package io.heliobase.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One tool as cloud code declared it, with its input and output JSON Schemas compiled (draft 2020-12 unless the
 * schema names another; no remote {@code $ref}s are fetched).
 */
public record ToolSpec(String name, String description, ObjectNode input, Optional<JsonNode> output,
                       ToolAccess permission, Optional<ToolAccess> approval, boolean idempotent,
                       Optional<Duration> timeout, Schema inputSchema, Optional<Schema> outputSchema) {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** Reads the declaration the prelude reports; an invalid schema stops the start with the tool's name. */
    public static ToolSpec of(JsonNode declared) {
        String name = declared.path("name").asText();
        if (!declared.path("input").isObject()) {
            throw new IllegalStateException("tool " + name + ": input must be a JSON Schema object");
        }
        ObjectNode input = (ObjectNode) declared.get("input");
        Optional<JsonNode> output = Optional.ofNullable(declared.get("output")).filter(JsonNode::isObject);
        JsonNode approval = declared.path("requiresApproval");
        boolean needsApproval = !(approval.isBoolean() && !approval.asBoolean()) && !approval.isMissingNode()
                && !approval.isNull();
        Optional<Duration> timeout = declared.path("timeoutMs").isNumber()
                ? Optional.of(Duration.ofMillis(declared.get("timeoutMs").asLong())) : Optional.empty();
        return new ToolSpec(name, declared.path("description").asText(""), input, output,
                ToolAccess.parse(declared.path("permission")),
                needsApproval ? Optional.of(ToolAccess.parse(approval)) : Optional.empty(),
                declared.path("idempotent").asBoolean(false), timeout, compile(name, "input", input),
                output.map(schema -> compile(name, "output", schema)));
    }

    private static Schema compile(String tool, String which, JsonNode schema) {
        try {
            Schema compiled = SCHEMAS.getSchema(schema);
            compiled.initializeValidators(); // resolve everything now, so a broken schema fails the start
            return compiled;
        } catch (RuntimeException e) {
            throw new IllegalStateException("tool " + tool + ": invalid " + which + " schema: " + e.getMessage(), e);
        }
    }

    /** Refuses input that does not match the input schema, naming the first failing path (142, HTTP 400). */
    public void checkInput(JsonNode value) {
        firstError(inputSchema, value).ifPresent(message -> {
            throw new ParseException(ParseErrorCode.VALIDATION_ERROR, "Invalid input for tool " + name + ": " + message);
        });
    }

    /** What is wrong with a result, if the tool declared an output schema. */
    public Optional<String> outputProblem(JsonNode value) {
        return outputSchema.flatMap(schema -> firstError(schema, value));
    }

    private static Optional<String> firstError(Schema schema, JsonNode value) {
        List<Error> errors = schema.validate(value);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        Error first = errors.getFirst();
        String path = first.getInstanceLocation() == null ? "$" : first.getInstanceLocation().toString();
        String message = first.getMessage();
        return Optional.of(message.startsWith(path) ? message : path + ": " + message);
    }

    /** The registry entry for GET /tools. */
    public ObjectNode describe() {
        ObjectNode out = Json.object().put("name", name).put("description", description);
        out.set("input", input);
        output.ifPresent(schema -> out.set("output", schema));
        out.set("permission", permission.toJson());
        out.set("requiresApproval", approval.map(ToolAccess::toJson)
                .orElse(Json.mapper().getNodeFactory().booleanNode(false)));
        out.put("idempotent", idempotent);
        timeout.ifPresent(t -> out.put("timeoutMs", t.toMillis()));
        return out;
    }
}
