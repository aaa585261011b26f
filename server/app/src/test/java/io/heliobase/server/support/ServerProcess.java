package io.heliobase.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The built server jar in its own JVM, for tests that must kill it or run several nodes. */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Path jar() {
        Path jar = Path.of("target", "heliobase.jar").toAbsolutePath();
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException("run `mvn package` first: " + jar + " is missing");
        }
        return jar;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the jar with the given HELIOBASE_* environment on a free port and waits until /health answers. */
    public static ServerProcess start(Path dataDir, String masterKey, Map<String, String> env) {
        return start(dataDir, masterKey, env, List.of());
    }

    /** As above, with extra JVM options (before {@code -jar}). */
    public static ServerProcess start(Path dataDir, String masterKey, Map<String, String> env, List<String> jvmOptions) {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HELIOBASE_HOST", "127.0.0.1");
        builder.environment().put("HELIOBASE_PORT", Integer.toString(port));
        builder.environment().put("HELIOBASE_APP_ID", TestServer.APP_ID);
        builder.environment().put("HELIOBASE_MASTER_KEY", masterKey);
        builder.environment().put("HELIOBASE_DATA_DIR", dataDir.toString());
        builder.environment().put("HELIOBASE_ALLOW_CLIENT_CLASS_CREATION", "true");
        builder.environment().putAll(env);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + port + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            ServerProcess server = new ServerProcess(builder.start(), port, log);
            server.awaitHealthy(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            
            try {
                process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("server did not become healthy in " + timeout + "; see " + log);
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/parse";
    }

    public long pid() {
        return process.pid();
    }

    public Api api(String masterKey) {
        return new Api(url(), TestServer.APP_ID, masterKey);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
