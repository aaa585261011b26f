package io.heliobase.server.storage.embedded;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code java -jar heliobase.jar store --port N [--data-dir DIR] [--host 127.0.0.1]}: runs only the
 * embedded store until the process is stopped; SIGTERM or Ctrl-C close it cleanly.
 */
public final class StoreCommand {

    static final String STOPPED = "Heliobase embedded store stopped";

    private static final System.Logger LOG = System.getLogger(StoreCommand.class.getName());
    private static final long SHUTDOWN_GRACE_SECONDS = 30;

    private StoreCommand() {
    }

    /** Starts the store and blocks until the JVM shuts down; returns the exit code (non-zero on bad arguments). */
    public static int run(String[] argsAfterStoreWord) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            return run(argsAfterStoreWord, System.out, System.err, stopRequested,
                store -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stopRequested.countDown();
                    awaitQuietly(stopped); // the JVM halts when hooks end: let run() close the store first
                }, "heliobase-store-shutdown")));
        } finally {
            stopped.countDown();
        }
    }

    /** Testable core: returns once {@code stopRequested} opens; {@code onStarted} may arrange for that. */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stopRequested,
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
            stopRequested.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            store.close();
            out.println(STOPPED);
            out.flush();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "The embedded store did not stop within {0} s", SHUTDOWN_GRACE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
