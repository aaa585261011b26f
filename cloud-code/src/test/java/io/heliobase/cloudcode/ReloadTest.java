package io.heliobase.cloudcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.cloudcode.sandbox.Limits;
import io.heliobase.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** reload(): the registry is swapped whole, listeners hear of it, and code that does not load never replaces code that does. */
class ReloadTest {

    private static ObjectNode request() {
        ObjectNode request = Json.object().put("master", false);
        request.putNull("user");
        request.set("params", Json.object());
        return request;
    }

    @Test
    void aBrokenEditKeepsTheRunningCode() throws Exception {
        Path folder = Files.createTempDirectory("cloud-reload-unit");
        Path main = folder.resolve("main.js");
        Files.writeString(main, "Parse.Cloud.define('v', () => 1);");
        try (CloudCode cloud = CloudCode.load(main, new Limits(Duration.ofSeconds(2), 64L << 20, 100_000_000L), 2,
                r -> Json.object())) {
            AtomicInteger reloads = new AtomicInteger();
            cloud.onReload(reloads::incrementAndGet);
            assertThat(cloud.run("v", request()).asInt()).isEqualTo(1);

            Files.writeString(main, "Parse.Cloud.define('v', () => 2); Parse.Cloud.define('w', () => 'new');");
            cloud.reload();
            assertThat(cloud.run("v", request()).asInt()).isEqualTo(2);
            assertThat(cloud.functionNames()).contains("w");
            assertThat(reloads.get()).isEqualTo(1);

            Files.writeString(main, "Parse.Cloud.define('v', () => 3"); // a syntax error
            assertThatThrownBy(cloud::reload).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not load");
            Files.writeString(main, "throw new Error('top level fails');");
            assertThatThrownBy(cloud::reload).hasMessageContaining("top level fails");
            assertThat(cloud.run("v", request()).asInt()).as("still the last good version").isEqualTo(2);
            assertThat(reloads.get()).isEqualTo(1);
        }
    }
}
