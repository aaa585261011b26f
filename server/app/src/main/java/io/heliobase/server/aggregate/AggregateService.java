package io.heliobase.server.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.FindOptions;
import io.heliobase.core.query.WhereParser;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.Names;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.server.data.DataSettings;
import io.heliobase.server.data.SchemaCache;
import io.heliobase.server.http.MasterKeyRequired;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.util.List;
import java.util.Set;

/** {@code GET /aggregate/:className}: pipelines and distinct, master key only as in Parse. */
public final class AggregateService implements ParseRouter.Routes {
    private static final Set<String> OPTIONS = Set.of("pipeline", "distinct", "where", "hint", "explain",
            "readPreference");

    private final StorageAdapter storage;
    private final SchemaCache schemas;
    private final DataSettings settings;

    public AggregateService(StorageAdapter storage, SchemaCache schemas, DataSettings settings) {
        this.storage = storage;
        this.schemas = schemas;
        this.settings = settings;
    }

    @Override
    public void routes(ParseRouter router) {
        router.get("/aggregate/{className}", this::aggregate);
    }

    private ParseResponse aggregate(ParseRequest req) {
        MasterKeyRequired.forRead(req.caller());
        String className = req.param("className");
        Names.requireValidClassName(className);
        ObjectNode params = req.findParams();
        ClassSchema schema = schemas.find(className).orElseGet(() -> ClassSchema.empty(className));
        if (params.has("distinct")) {
            String field = params.get("distinct").asText();
            var where = new WhereParser(settings.queryLimits(), true).parse(params.get("where"));
            ArrayNode results = Json.array();
            storage.distinct(new StorageQuery(schema, where, null, List.<FindOptions.SortKey>of(), 0, 0, null), field)
                    .forEach(results::add);
            return ParseResponse.ok(Json.object().set("results", results));
        }
        return ParseResponse.ok(Json.object().set("results", storage.aggregate(schema, pipeline(params))));
    }

    /** The pipeline, or Parse's legacy form of one stage per top-level key ("group", "match", ...). */
    private static JsonNode pipeline(ObjectNode params) {
        if (params.has("pipeline")) {
            return params.get("pipeline");
        }
        ArrayNode stages = Json.array();
        params.properties().forEach(e -> {
            if (!OPTIONS.contains(e.getKey())) {
                String stage = e.getKey().startsWith("$") ? e.getKey() : "$" + e.getKey();
                stages.add(Json.object().set(stage, e.getValue()));
            }
        });
        if (stages.isEmpty()) {
            throw ParseException.invalidQuery("aggregate needs a pipeline or distinct");
        }
        return stages;
    }
}
