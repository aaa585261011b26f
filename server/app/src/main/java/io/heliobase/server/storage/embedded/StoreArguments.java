package io.heliobase.server.storage.embedded;

import java.nio.file.Path;
import java.util.Objects;

/** The arguments of {@code heliobase store}: {@code --port N [--data-dir DIR] [--host 127.0.0.1]}. */
record StoreArguments(int port, Path dataDir, String host) {

    static final String USAGE = "usage: store --port N [--data-dir DIR] [--host 127.0.0.1]";
    static final Path DEFAULT_DATA_DIR = Path.of("data", "store");
    static final String DEFAULT_HOST = "127.0.0.1"; // loopback unless asked: the store has no authentication

    StoreArguments {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
    }

    /** Parses the words after {@code store}; the exception message names the offending argument. */
    static StoreArguments parse(String[] args) {
        Integer port = null;
        Path dataDir = DEFAULT_DATA_DIR;
        String host = DEFAULT_HOST;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--port" -> port = parsePort(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--host" -> host = value;
                default -> throw new IllegalArgumentException("unknown argument " + name);
            }
        }
        if (port == null) {
            throw new IllegalArgumentException("--port is required");
        }
        return new StoreArguments(port, dataDir, host);
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, got '" + value + "'", e);
        }
    }
}
