package io.heliobase.server;

import io.heliobase.server.settings.Settings;
import java.util.function.Supplier;

/** The public server URL, known only once the port is bound when port 0 was asked for. */
final class ServerUrl implements Supplier<String> {
    private volatile String url;

    ServerUrl(Settings settings) {
        bind(settings, settings.port());
    }

    /** Without a public URL: localhost when bound to every interface, else the bound address itself. */
    void bind(Settings settings, int port) {
        url = settings.publicServerUrl().orElse("http://" + hostFor(settings.host()) + ":" + port + settings.mountPath());
    }

    private static String hostFor(String bound) {
        if (bound.equals("0.0.0.0") || bound.equals("::") || bound.isEmpty()) {
            return "localhost";
        }
        return bound.contains(":") ? "[" + bound + "]" : bound;
    }

    @Override
    public String get() {
        return url;
    }
}
