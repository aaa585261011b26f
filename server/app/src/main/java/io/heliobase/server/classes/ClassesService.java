package io.heliobase.server.classes;

import io.heliobase.server.data.DataService;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.util.function.Supplier;

/** {@code /classes/:className[/:objectId]}: Parse's object CRUD and queries. */
public final class ClassesService implements ParseRouter.Routes {
    private final DataService data;
    private final Supplier<String> serverUrl;

    public ClassesService(DataService data, Supplier<String> serverUrl) {
        this.data = data;
        this.serverUrl = serverUrl;
    }

    @Override
    public void routes(ParseRouter router) {
        router.get("/classes/{className}", this::find)
                .get("/classes/{className}/{objectId}", this::get)
                .post("/classes/{className}", this::create)
                .put("/classes/{className}/{objectId}", this::update)
                .delete("/classes/{className}/{objectId}", this::delete);
    }

    private ParseResponse find(ParseRequest req) {
        return ParseResponse.ok(data.find(req.caller(), req.param("className"), req.findParams()));
    }

    private ParseResponse get(ParseRequest req) {
        return ParseResponse.ok(data.get(req.caller(), req.param("className"), req.param("objectId"),
                req.findParams()));
    }

    private ParseResponse create(ParseRequest req) {
        String className = req.param("className");
        DataService.Created created = data.create(req.caller(), className, req.body(),
                req.header("x-parse-installation-id").orElse(null));
        return ParseResponse.created(created.body(),
                serverUrl.get() + "/classes/" + className + "/" + created.objectId());
    }

    private ParseResponse update(ParseRequest req) {
        return ParseResponse.ok(data.update(req.caller(), req.param("className"), req.param("objectId"), req.body()));
    }

    private ParseResponse delete(ParseRequest req) {
        data.delete(req.caller(), req.param("className"), req.param("objectId"));
        return ParseResponse.empty();
    }
}
