package io.heliobase.server.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.heliobase.server.support.Api;
import io.heliobase.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HELIOBASE_CLOUD_WATCH: editing the cloud folder swaps the whole registry (functions, triggers, tools). */
class HotReloadIT {
    private static Path folder;
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("cloud-reload");
        Files.writeString(folder.resolve("version.js"), "module.exports = 1;\n");
        Files.writeString(folder.resolve("main.js"), """
                const version = require('./version');
                Parse.Cloud.define('version', () => version);
                """);
        server = TestServer.start(Map.of("HELIOBASE_CLOUD", folder.resolve("main.js").toString(),
                "HELIOBASE_CLOUD_WATCH", "true"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String version() {
        Api.Response answer = api.post("/functions/version", "{}");
        return answer.status() == 200 ? answer.get("result").asText() : answer.text();
    }

    @Test
    void editsAreServedWithoutARestart() throws Exception {
        assertThat(version()).isEqualTo("1");
        Files.writeString(folder.resolve("version.js"), "module.exports = 2;\n");
        await().atMost(Duration.ofSeconds(20)).until(HotReloadIT::version, "2"::equals);

        Files.writeString(folder.resolve("main.js"), """
                const version = require('./version');
                Parse.Cloud.define('version', () => version);
                Parse.Cloud.beforeSave('Reloaded', (request) => { request.object.set('seen', true); });
                Heliobase.tool('ping', { permission: 'public' }, () => ({ pong: true }));
                """);
        await().atMost(Duration.ofSeconds(20)).until(
                () -> api.post("/classes/Reloaded", "{}").json().path("seen").asBoolean(false));
        assertThat(api.post("/tools/ping", "{}").get("result").path("pong").asBoolean()).as("tools reload too")
                .isTrue();

        Files.writeString(folder.resolve("version.js"), "module.exports = 3;\n");
        await().atMost(Duration.ofSeconds(20)).until(HotReloadIT::version, "3"::equals);
    }
}
