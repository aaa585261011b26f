package io.heliobase.server;

import io.heliobase.server.settings.Settings;
import io.heliobase.server.settings.SettingsException;
import io.heliobase.server.settings.SettingsLoader;
import io.heliobase.server.storage.embedded.StoreCommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar heliobase.jar [--config FILE]} starts the server; {@code java -jar heliobase.jar store --port N}
 * runs the embedded store alone.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        io.helidon.logging.common.LogConfig.configureRuntime();
        if (args.length > 0 && args[0].equals("store")) {
            System.exit(StoreCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        fail("--config needs a file name");
                    }
                    config = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    System.out.println("usage: heliobase [--config FILE] | heliobase store --port N [--data-dir DIR]");
                    System.out.println("Settings come from the YAML file and HELIOBASE_* / PARSE_SERVER_* variables;"
                            + " see README.md.");
                    return;
                }
                default -> fail("unknown argument: " + args[i] + " (try --help)");
            }
        }
        Settings settings;
        Heliobase heliobase;
        try {
            settings = SettingsLoader.load(config, System.getenv());
            heliobase = Heliobase.start(settings);
        } catch (SettingsException e) {
            fail("configuration error: " + e.getMessage());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            heliobase.close();
            stopped.countDown();
        }, "heliobase-shutdown"));
        System.out.println("Heliobase is running at " + heliobase.serverUrl() + " (app id: "
                + heliobase.settings().appId() + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fail(String message) {
        System.err.println("heliobase: " + message);
        System.exit(2);
    }
}
