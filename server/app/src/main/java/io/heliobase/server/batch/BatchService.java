package io.heliobase.server.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.server.http.ApiErrors;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /batch}: every sub-request is validated first, then dispatched in-process through the same route
 * table with the caller of the batch, in order. Nothing goes over HTTP, and nested batches are refused.
 */
public final class BatchService implements ParseRouter.Routes {
    private final ParseRouter router;
    private final String mountPath;
    private final String publicPath;
    private final int maxBatchSize;
    private final StorageAdapter storage;

    public BatchService(ParseRouter router, String mountPath, String publicServerUrl, int maxBatchSize,
                        StorageAdapter storage) {
        this.router = router;
        this.mountPath = mountPath;
        this.publicPath = publicServerUrl == null ? mountPath : URI.create(publicServerUrl).getPath();
        this.maxBatchSize = maxBatchSize;
        this.storage = storage;
    }

    @Override
    public void routes(ParseRouter r) {
        r.post("/batch", this::batch);
    }

    private record SubRequest(String method, String path, ObjectNode body, ParseRouter.Match match) {
    }

    private ParseResponse batch(ParseRequest req) {
        JsonNode requests = req.body().get("requests");
        if (requests == null || !requests.isArray()) {
            throw ParseException.invalidJson("requests must be an array");
        }
        if (requests.size() > maxBatchSize) {
            throw ParseException.invalidJson("batch has " + requests.size() + " requests; the limit is "
                    + maxBatchSize + " (maxBatchSize)");
        }
        if (req.body().path("transaction").asBoolean(false) && !storage.supportsTransactions()) {
            throw new ParseException(ParseErrorCode.COMMAND_UNAVAILABLE, "transaction: true needs a MongoDB replica"
                    + " set with transactions; this database does not support them (the embedded store never does)");
        }
        if (req.body().path("transaction").asBoolean(false)) {
            throw new ParseException(ParseErrorCode.COMMAND_UNAVAILABLE,
                    "batch transactions are not implemented yet; send the batch without transaction: true");
        }
        List<SubRequest> subs = new ArrayList<>();
        for (JsonNode sub : requests) {
            subs.add(validate(sub));
        }
        ArrayNode results = Json.array();
        for (SubRequest sub : subs) {
            results.add(run(req, sub));
        }
        return ParseResponse.ok(results);
    }

    private SubRequest validate(JsonNode sub) {
        if (!sub.isObject() || !sub.path("method").isTextual() || !sub.path("path").isTextual()) {
            throw ParseException.invalidJson("each batch request needs a method and a path");
        }
        String method = sub.path("method").asText().toUpperCase(Locale.ROOT);
        String path = routePath(sub.path("path").asText());
        JsonNode body = sub.get("body");
        if (body != null && !body.isNull() && !body.isObject()) {
            throw ParseException.invalidJson("batch request body must be an object");
        }
        if (path.equals("/batch")) {
            throw ParseException.invalidJson("batch requests cannot contain another batch");
        }
        Optional<ParseRouter.Match> match = router.match(method, path);
        if (match.isEmpty() || match.get().rawBody()) {
            throw ParseException.invalidJson("cannot route batch path " + sub.path("path").asText());
        }
        return new SubRequest(method, path, body == null || body.isNull() ? Json.object() : (ObjectNode) body,
                match.get());
    }

    /** Sub-request paths carry the mount path ("/parse/classes/X"), as the SDKs send them. */
    private String routePath(String path) {
        for (String prefix : new String[] {publicPath, mountPath}) {
            if (!prefix.isEmpty() && !prefix.equals("/") && path.startsWith(prefix + "/")) {
                return path.substring(prefix.length());
            }
        }
        throw ParseException.invalidJson("cannot route batch path " + path);
    }

    private JsonNode run(ParseRequest parent, SubRequest sub) {
        ParseRequest request = new ParseRequest(sub.method(), sub.path(), sub.match().params(), sub.body(),
                Json.object(), new byte[0], parent.headers(), parent.caller(), parent.ip());
        try {
            ParseResponse response = sub.match().handler().handle(request);
            return Json.object().set("success", response.json());
        } catch (RuntimeException e) {
            ParseResponse error = ApiErrors.toResponse(e, "batch");
            ObjectNode body = (ObjectNode) error.json();
            if (!body.has("code")) {
                body.put("code", error.status() == 403 ? ParseErrorCode.OPERATION_FORBIDDEN.code() : 1);
            }
            if (!body.has("error")) {
                body.put("error", body.path("message").asText("Internal server error."));
                body.remove("message");
            }
            return Json.object().set("error", body);
        }
    }

}
