package io.heliobase.server.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.heliobase.core.json.Json;
import io.heliobase.server.support.ServerProcess;
import io.heliobase.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged server with the launcher's JVMCI flags runs cloud code on GraalJS's optimizing runtime ("GraalVM CE",
 * not "Interpreted"), and functions still work there.
 */
class OptimizingRuntimeIT {

    @Test
    void theLauncherFlagsLoadTheOptimizingCompiler() throws Exception {
        Path compiler = ServerProcess.jar().resolveSibling("truffle-compiler");
        assertThat(compiler).as("mvn package copies the compiler jars").isDirectory();
        Path folder = Files.createTempDirectory("cloud-jit");
        Files.writeString(folder.resolve("main.js"), "Parse.Cloud.define('square', (r) => r.params.n * r.params.n);");
        List<String> jvmci = List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "--upgrade-module-path=" + compiler);
        try (ServerProcess server = ServerProcess.start(Files.createTempDirectory("jit-data"), "jit-master",
                Map.of("HELIOBASE_CLOUD", folder.resolve("main.js").toString()), jvmci)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest info = HttpRequest.newBuilder(URI.create(server.url() + "/serverInfo"))
                    .header("X-Parse-Application-Id", TestServer.APP_ID).header("X-Parse-Master-Key", "jit-master")
                    .build();
            JsonNode features = Json.parse(http.send(info, HttpResponse.BodyHandlers.ofString()).body())
                    .path("features");
            assertThat(features.path("cloudCode").path("runtime").asText()).isEqualTo("GraalVM CE");
            HttpRequest call = HttpRequest.newBuilder(URI.create(server.url() + "/functions/square"))
                    .header("X-Parse-Application-Id", TestServer.APP_ID).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":12}")).build();
            assertThat(Json.parse(http.send(call, HttpResponse.BodyHandlers.ofString()).body()).path("result").asInt())
                    .isEqualTo(144);
        }
    }
}
