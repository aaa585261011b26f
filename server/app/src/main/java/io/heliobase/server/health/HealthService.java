package io.heliobase.server.health;

import io.heliobase.core.json.Json;
import io.heliobase.server.http.MasterKeyRequired;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;

/** {@code /health} (no keys needed) and {@code /serverInfo} (master key), which the Parse Dashboard reads. */
public final class HealthService implements ParseRouter.Routes {
    public static final String VERSION = "0.1.0";
    /** The Parse Server version whose REST contract this build follows. */
    public static final String PARSE_COMPATIBLE_VERSION = "9.10.0";

    private final java.util.Optional<String> cloudRuntime;

    /** @param cloudRuntime the cloud-code JavaScript runtime's name, when cloud code is loaded */
    public HealthService(java.util.Optional<String> cloudRuntime) {
        this.cloudRuntime = cloudRuntime;
    }

    @Override
    public void routes(ParseRouter router) {
        router.getOpen("/health", this::health).get("/serverInfo", this::serverInfo);
    }

    private ParseResponse health(ParseRequest req) {
        return ParseResponse.ok(Json.object().put("status", "ok"));
    }

    private ParseResponse serverInfo(ParseRequest req) {
        MasterKeyRequired.forRead(req.caller());
        var features = Json.object();
        features.set("globalConfig", Json.object().put("create", true).put("read", true).put("update", true)
                .put("delete", true));
        features.set("hooks", Json.object().put("create", true).put("read", true).put("update", true)
                .put("delete", true));
        var cloudCode = Json.object().put("jobs", cloudRuntime.isPresent());
        cloudRuntime.ifPresent(runtime -> cloudCode.put("runtime", runtime));
        features.set("cloudCode", cloudCode);
        features.set("logs", Json.object().put("level", false).put("size", false).put("order", false)
                .put("until", false).put("from", false));
        features.set("push", Json.object().put("immediatePush", false).put("scheduledPush", false)
                .put("storedPushData", false).put("pushAudiences", false).put("localization", false));
        features.set("schemas", Json.object().put("addField", true).put("removeField", true).put("addClass", true)
                .put("removeClass", true).put("clearAllDataFromClass", true).put("exportClass", false)
                .put("editClassLevelPermissions", true).put("editPointerPermissions", true));
        return ParseResponse.ok(Json.object().put("parseServerVersion", PARSE_COMPATIBLE_VERSION)
                .put("heliobaseVersion", VERSION).set("features", features));
    }
}
