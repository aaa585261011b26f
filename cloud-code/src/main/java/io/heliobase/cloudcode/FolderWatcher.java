package io.heliobase.cloudcode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches a folder and its subfolders; after a burst of changes settles (editors write several events per save),
 * runs {@code onChange} once.
 */
final class FolderWatcher implements AutoCloseable {
    private static final long SETTLE_MILLIS = 150;

    private final Path root;
    private final WatchService watcher;
    private final Thread thread;

    FolderWatcher(Path root, Runnable onChange) {
        this.root = root;
        try {
            this.watcher = FileSystems.getDefault().newWatchService();
            registerTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + root, e);
        }
        this.thread = Thread.ofPlatform().name("cloud-code-watch").daemon(true).start(() -> loop(onChange));
    }

    private void registerTree(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.walk(dir)) {
            for (Path d : dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")
                    || d.equals(dir)).toList()) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void loop(Runnable onChange) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                drain(key);
                // let the burst settle: keep taking events until none arrive for a moment
                WatchKey more;
                while ((more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    drain(more);
                }
                registerTree(root); // new subfolders
                onChange.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (IOException e) {
            System.getLogger(FolderWatcher.class.getName()).log(System.Logger.Level.WARNING,
                    "stopped watching " + root + ": " + e.getMessage());
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // closing anyway
        }
        thread.interrupt();
    }
}
