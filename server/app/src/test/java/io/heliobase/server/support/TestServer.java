package io.heliobase.server.support;

import io.heliobase.server.Heliobase;
import io.heliobase.server.settings.Settings;
import io.heliobase.server.settings.SettingsLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A real Heliobase on a free loopback port with a fresh embedded store; stops and removes its data on close. */
public final class TestServer implements AutoCloseable {
    public static final String APP_ID = "test-app";

    private final Heliobase heliobase;
    private final Path dataDir;
    private final String masterKey;

    private TestServer(Heliobase heliobase, Path dataDir, String masterKey) {
        this.heliobase = heliobase;
        this.dataDir = dataDir;
        this.masterKey = masterKey;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /** Starts with the test defaults overridden by {@code env} (HELIOBASE_* names). */
    public static TestServer start(Map<String, String> env) {
        try {
            Path dataDir = Files.createTempDirectory("heliobase-test");
            String masterKey = "mk-" + UUID.randomUUID();
            Map<String, String> all = new HashMap<>();
            all.put("HELIOBASE_HOST", "127.0.0.1");
            all.put("HELIOBASE_PORT", "0");
            all.put("HELIOBASE_APP_ID", APP_ID);
            all.put("HELIOBASE_MASTER_KEY", masterKey);
            all.put("HELIOBASE_DATA_DIR", dataDir.toString());
            all.put("HELIOBASE_ALLOW_CLIENT_CLASS_CREATION", "true");
            all.putAll(env);
            Settings settings = SettingsLoader.load(null, all);
            return new TestServer(Heliobase.start(settings), dataDir, settings.masterKey().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return heliobase.port();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/parse";
    }

    public String masterKey() {
        return masterKey;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Api api() {
        return new Api(url(), APP_ID, null);
    }

    public Api master() {
        return new Api(url(), APP_ID, masterKey);
    }

    @Override
    public void close() {
        heliobase.close();
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
