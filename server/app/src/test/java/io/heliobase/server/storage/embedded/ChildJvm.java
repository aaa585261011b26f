package io.heliobase.server.storage.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test main class run in a second JVM (same java, same classpath); its stdout is read line by line with timeouts. */
final class ChildJvm implements AutoCloseable {

    private static final String END_OF_OUTPUT = "\u0000end-of-output";

    private final Process process;
    private final Path stderrFile;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private boolean ended;

    private ChildJvm(Process process, Path stderrFile) {
        this.process = process;
        this.stderrFile = stderrFile;
        Thread reader = new Thread(this::readStdout, "child-jvm-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(Class<?> mainClass, Path stderrFile, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
            .redirectError(stderrFile.toFile())
            .start();
        return new ChildJvm(process, stderrFile);
    }

    /** The next stdout line, or empty when the output ended or nothing came within the timeout. */
    Optional<String> nextLine(Duration timeout) throws InterruptedException {
        if (ended) {
            return Optional.empty();
        }
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (END_OF_OUTPUT.equals(line)) {
            ended = true;
            return Optional.empty();
        }
        return Optional.ofNullable(line);
    }

    /** SIGTERM. Unlike {@link Process#destroy()}, this keeps our end of the pipes open for the last lines. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL, keeping the pipes open like {@link #terminate()}. */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Waits for the process to exit; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child JVM did not exit within " + timeout + "\n" + stderr());
        }
        return process.exitValue();
    }

    String stderr() {
        try {
            return "--- child stderr ---\n" + Files.readString(stderrFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "--- child stderr unreadable: " + e;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the stream closes when the process dies: that is the end of output
        } finally {
            lines.add(END_OF_OUTPUT);
        }
    }
}
