package io.heliobase.server.storage.embedded;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code java -jar heliobase.jar store --port N [--data-dir DIR] [--host 127.0.0.1]}: runs only the
 * embedded store, until the process is stopped (SIGTERM or Ctrl-C close it cleanly).
 */
public final class StoreCommand {

    private static final System.Logger LOG = System.getLogger(StoreCommand.class.getName());

    private StoreCommand() {
    }

    /** Starts the store and blocks until the JVM shuts down; returns the exit code (non-zero on bad arguments). */
    public static int run(String[] argsAfterStoreWord) {
        CountDownLatch stopped = new CountDownLatch(1);
        return run(argsAfterStoreWord, System.out, System.err, stopped, store -> {
            Thread hook = new Thread(() -> {
                store.close();
                stopped.countDown();
            }, "heliobase-store-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        });
    }

    /** Testable core: {@code stopSignal} ends the wait; {@code onStarted} may arrange for it. */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stopSignal,
                   Consumer<EmbeddedStore> onStarted) {
        StoreArguments arguments;
        try {
            arguments = StoreArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("heliobase store: " + e.getMessage());
            err.println(StoreArguments.USAGE);
            return 2;
        }
        EmbeddedStore store;
        try {
            store = EmbeddedStore.start(arguments.dataDir(), arguments.host(), arguments.port());
        } catch (RuntimeException e) {
            err.println("heliobase store: " + e.getMessage());
            return 1;
        }
        try {
            onStarted.accept(store);
            out.println("Heliobase embedded store listening on " + store.connectionString()
                + " (data: " + arguments.dataDir().toAbsolutePath() + ")");
            out.flush();
            stopSignal.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(System.Logger.Level.INFO, "Interrupted; closing the embedded store");
            return 1;
        } finally {
            store.close();
        }
    }
}
