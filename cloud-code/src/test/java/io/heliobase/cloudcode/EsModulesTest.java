package io.heliobase.cloudcode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.cloudcode.sandbox.Limits;
import io.heliobase.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A main.mjs with import/export: modules of the cloud folder load, nothing outside it does. */
class EsModulesTest {

    @Test
    void importsResolveInsideTheFolderOnly() throws Exception {
        Path folder = Files.createTempDirectory("cloud-esm");
        Files.createDirectories(folder.resolve("lib"));
        Files.writeString(folder.resolve("lib/bang.mjs"), "export const bang = '!';\n");
        Files.writeString(folder.resolve("lib/greet.mjs"), """
                import { bang } from './bang.mjs';
                export default function greet(name) { return 'hello ' + name + bang; }
                """);
        Files.writeString(folder.resolve("main.mjs"), """
                import greet from './lib/greet.mjs';
                Parse.Cloud.define('greet', (request) => greet(request.params.name));
                Parse.Cloud.define('escape', async () => {
                  const refused = [];
                  for (const target of ['/etc/passwd', 'fs', '../outside.mjs', 'file:///etc/hostname']) {
                    try { await import(target); } catch (e) { refused.push(target); }
                  }
                  return { refused, require: typeof require };
                });
                """);
        try (CloudCode cloud = CloudCode.load(folder.resolve("main.mjs"),
                new Limits(Duration.ofSeconds(2), 64L << 20, 100_000_000L), 1, request -> Json.object())) {
            ObjectNode request = Json.object().put("master", false);
            request.putNull("user");
            request.set("params", Json.object().put("name", "ada"));
            assertThat(cloud.run("greet", request).asText()).isEqualTo("hello ada!");
            JsonNode escape = cloud.run("escape", request);
            assertThat(escape.path("refused")).hasSize(4);
            assertThat(escape.path("require").asText()).isEqualTo("undefined");
        }
    }
}
