package io.heliobase.server.support;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestServer} with the test defaults, started before a test class and stopped after it:
 * {@code @RegisterExtension static final ServerPerClass server = new ServerPerClass();}. Its {@link #api()} and
 * {@link #master()} can be taken in a static initializer; the address is read when a request is sent.
 */
public final class ServerPerClass implements BeforeAllCallback, AfterAllCallback {
    private final String masterKey = "mk-" + UUID.randomUUID();
    private volatile TestServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestServer.start(Map.of("HELIOBASE_MASTER_KEY", masterKey));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    private TestServer started() {
        TestServer running = server;
        if (running == null) {
            throw new IllegalStateException("the server starts before the test class's first test");
        }
        return running;
    }

    public String url() {
        return started().url();
    }

    /** Requests with the application id only. */
    public Api api() {
        return new Api(this::url, TestServer.APP_ID, null);
    }

    /** Requests with the master key. */
    public Api master() {
        return new Api(this::url, TestServer.APP_ID, masterKey);
    }
}
