package io.heliobase.server.classes;

import io.heliobase.server.data.DataService;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.util.function.Supplier;

/** Parse's short routes for system classes: {@code /roles} is {@code /classes/_Role}, and so on. */
public final class ClassRoutes implements ParseRouter.Routes {
    private final String prefix;
    private final String className;
    private final DataService data;
    private final Supplier<String> serverUrl;

    public ClassRoutes(String prefix, String className, DataService data, Supplier<String> serverUrl) {
        this.prefix = prefix;
        this.className = className;
        this.data = data;
        this.serverUrl = serverUrl;
    }

    @Override
    public void routes(ParseRouter router) {
        router.get(prefix, req -> ParseResponse.ok(data.find(req.caller(), className, req.findParams())))
                .get(prefix + "/{objectId}", req -> ParseResponse.ok(data.get(req.caller(), className,
                        req.param("objectId"), req.findParams())))
                .post(prefix, req -> {
                    DataService.Created created = data.create(req.caller(), className, req.body());
                    return ParseResponse.created(created.body(), serverUrl.get() + prefix + "/" + created.objectId());
                })
                .put(prefix + "/{objectId}", req -> ParseResponse.ok(data.update(req.caller(), className,
                        req.param("objectId"), req.body())))
                .delete(prefix + "/{objectId}", req -> {
                    data.delete(req.caller(), className, req.param("objectId"));
                    return ParseResponse.empty();
                });
    }
}
