package io.heliobase.server;

import io.heliobase.server.settings.Settings;
import java.util.function.Supplier;

/** The public server URL, known only once the port is bound when port 0 was asked for. */
final class ServerUrl implements Supplier<String> {
    private volatile String url;

    ServerUrl(Settings settings) {
        this.url = settings.publicServerUrl().orElse("http://localhost:" + settings.port() + settings.mountPath());
    }

    void bind(Settings settings, int port) {
        url = settings.publicServerUrl().orElse("http://localhost:" + port + settings.mountPath());
    }

    @Override
    public String get() {
        return url;
    }
}
