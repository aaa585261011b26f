package io.heliobase.server.globalconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.schema.Names;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.server.http.MasterKeyRequired;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.util.Map;

/** {@code /config}: Parse.Config parameters; masterKeyOnly ones are visible to the master key alone. */
public final class ConfigService implements ParseRouter.Routes {
    private final StorageAdapter storage;

    public ConfigService(StorageAdapter storage) {
        this.storage = storage;
    }

    @Override
    public void routes(ParseRouter router) {
        router.get("/config", this::get).put("/config", this::put);
    }

    private ParseResponse get(ParseRequest req) {
        ObjectNode stored = storage.loadGlobalConfig();
        ObjectNode params = (ObjectNode) stored.path("params");
        ObjectNode masterKeyOnly = (ObjectNode) stored.path("masterKeyOnly");
        ObjectNode response = Json.object();
        if (req.caller().isMaster()) {
            response.set("params", params);
            response.set("masterKeyOnly", masterKeyOnly);
            return ParseResponse.ok(response);
        }
        ObjectNode visible = Json.object();
        params.properties().forEach(e -> {
            if (!masterKeyOnly.path(e.getKey()).asBoolean(false)) {
                visible.set(e.getKey(), e.getValue());
            }
        });
        return ParseResponse.ok(response.set("params", visible));
    }

    private ParseResponse put(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "update the config");
        JsonNode params = req.body().path("params");
        JsonNode masterKeyOnly = req.body().path("masterKeyOnly");
        if (!params.isObject()) {
            throw ParseException.invalidJson("params must be an object");
        }
        if (!masterKeyOnly.isMissingNode() && !masterKeyOnly.isObject()) {
            throw ParseException.invalidJson("masterKeyOnly must be an object");
        }
        for (Map.Entry<String, JsonNode> e : params.properties()) {
            if (e.getKey().isEmpty() || e.getKey().contains(".") || e.getKey().startsWith("$")
                    || Names.DENIED_KEYS.contains(e.getKey())) {
                throw new ParseException(ParseErrorCode.INVALID_KEY_NAME,
                        "Invalid config parameter name: " + Names.printable(e.getKey()));
            }
            checkNested(e.getValue());
        }
        for (Map.Entry<String, JsonNode> e : masterKeyOnly.properties()) {
            if (!e.getValue().isBoolean()) {
                throw ParseException.invalidJson("masterKeyOnly." + Names.printable(e.getKey()) + " must be a boolean");
            }
        }
        storage.updateGlobalConfig((ObjectNode) params,
                masterKeyOnly.isObject() ? (ObjectNode) masterKeyOnly : Json.object());
        return ParseResponse.ok(Json.object().put("result", true));
    }

    private static void checkNested(JsonNode value) {
        if (value.isObject()) {
            value.properties().forEach(e -> {
                if (Names.DENIED_KEYS.contains(e.getKey()) || e.getKey().startsWith("$") || e.getKey().contains(".")) {
                    throw new ParseException(ParseErrorCode.INVALID_NESTED_KEY,
                            "Nested keys should not contain the '$' or '.' characters");
                }
                checkNested(e.getValue());
            });
        } else if (value.isArray()) {
            value.forEach(ConfigService::checkNested);
        }
    }
}
