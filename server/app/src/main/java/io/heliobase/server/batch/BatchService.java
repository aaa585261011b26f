package io.heliobase.server.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.server.data.DataService;
import io.heliobase.server.http.ApiErrors;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private final DataService data;

    private final io.heliobase.server.ratelimit.RateLimiter limiter;

    public BatchService(ParseRouter router, String mountPath, String publicServerUrl, int maxBatchSize,
                        DataService data, io.heliobase.server.ratelimit.RateLimiter limiter) {
        this.limiter = limiter;
        this.data = data;
        this.router = router;
        this.mountPath = mountPath;
        this.publicPath = publicServerUrl == null ? mountPath : URI.create(publicServerUrl).getPath();
        this.maxBatchSize = maxBatchSize;
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
        boolean transaction = req.body().path("transaction").asBoolean(false);
        if (transaction && !data.storage().supportsTransactions()) {
            throw new ParseException(ParseErrorCode.COMMAND_UNAVAILABLE, "transaction: true needs a MongoDB replica"
                    + " set with transactions; this database does not support them (the embedded store never does)");
        }
        List<SubRequest> subs = new ArrayList<>();
        for (JsonNode sub : requests) {
            subs.add(validate(sub));
        }
        if (transaction) {
            return ParseResponse.ok(transactional(req, subs));
        }
        if (subs.size() > 1 && subs.stream().allMatch(BatchService::isCreate)) {
            return ParseResponse.ok(createGrouped(req, subs));
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

    private static boolean isCreate(SubRequest sub) {
        return sub.method().equals("POST") && sub.path().startsWith("/classes/") && sub.match().params().size() == 1;
    }

    /**
     * A batch of creates only (Parse.Object.saveAll of new objects): the creates of each of your classes are stored
     * with one insert command (each still checked, triggered and answered on its own); creates in system classes,
     * whose rules have side effects (sessions, roles), run one by one. Results keep the order of the requests.
     */
    private ArrayNode createGrouped(ParseRequest req, List<SubRequest> subs) {
        JsonNode[] results = new JsonNode[subs.size()];
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < subs.size(); i++) {
            byClass.computeIfAbsent(subs.get(i).match().params().get("className"), c -> new ArrayList<>()).add(i);
        }
        byClass.forEach((className, indexes) -> {
            if (className.startsWith("_")) {
                indexes.forEach(i -> results[i] = run(req, subs.get(i)));
                return;
            }
            List<Integer> admitted = new ArrayList<>();
            for (int i : indexes) {
                try {
                    limiter.check(subs.get(i).method(), subs.get(i).path(), req.caller(), req.ip());
                    admitted.add(i);
                } catch (RuntimeException e) {
                    results[i] = errorItem(e);
                }
            }
            List<DataService.CreateResult> created = data.createAll(req.caller(), className,
                    admitted.stream().map(i -> subs.get(i).body()).toList());
            for (int k = 0; k < admitted.size(); k++) {
                DataService.CreateResult result = created.get(k);
                results[admitted.get(k)] = result.error() == null
                        ? Json.object().set("success", result.created().body())
                        : errorItem(result.error());
            }
        });
        ArrayNode array = Json.array();
        for (JsonNode result : results) {
            array.add(result);
        }
        return array;
    }

    /**
     * All sub-requests in one MongoDB transaction: the first failure aborts every write and is the answer, as in
     * Parse Server. Only object operations on user classes may take part (system classes have side effects, such
     * as sessions, that live outside the transaction).
     */
    private ArrayNode transactional(ParseRequest req, List<SubRequest> subs) {
        for (SubRequest sub : subs) {
            String[] parts = sub.path().split("/");
            if (parts.length < 3 || !parts[1].equals("classes") || parts[2].startsWith("_")) {
                throw ParseException.invalidJson("a transaction may only hold /classes requests on your own classes");
            }
        }
        try {
            return data.storage().inTransaction(tx -> {
                DataService txData = data.withStorage(tx);
                ArrayNode results = Json.array();
                for (SubRequest sub : subs) {
                    results.add(Json.object().set("success", ObjectRequests.run(txData, req.caller(), sub.method(),
                            sub.match().params(), sub.body())));
                }
                return results;
            });
        } catch (RuntimeException aborted) {
            data.schemas().reloadAll(); // fields added inside the aborted transaction are not in the database
            throw aborted;
        }
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
            limiter.check(sub.method(), sub.path(), parent.caller(), parent.ip()); // every sub-request counts
            ParseResponse response = sub.match().handler().handle(request);
            return Json.object().set("success", response.json());
        } catch (RuntimeException e) {
            return errorItem(e);
        }
    }

    /** A failed sub-request's entry: {@code {"error": {"code", "error"}}}, as Parse answers it. */
    private static ObjectNode errorItem(RuntimeException e) {
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
