package io.heliobase.server.globalconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.TestServer;
import org.junit.jupiter.api.Test;

/** /config: Parse.Config parameters and masterKeyOnly. */
class ConfigApiIT {

    @Test
    void masterKeyOnlyParamsAreHiddenFromClients() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.api().get("/config").json().toString()).isEqualTo("{\"params\":{}}");
            var saved = server.master().put("/config", """
                    {"params":{"welcome":"hi","numbers":[1,2.5],"secret":"s3","when":{"__type":"Date","iso":"2024-06-01T12:34:56.789Z"}},
                     "masterKeyOnly":{"secret":true}}""");
            assertThat(saved.json().toString()).isEqualTo("{\"result\":true}");
            var publicView = server.api().get("/config").json();
            assertThat(publicView.path("params").path("welcome").asText()).isEqualTo("hi");
            assertThat(publicView.path("params").has("secret")).isFalse();
            assertThat(publicView.path("params").path("when").path("iso").asText()).isEqualTo("2024-06-01T12:34:56.789Z");
            var masterView = server.master().get("/config").json();
            assertThat(masterView.path("params").path("secret").asText()).isEqualTo("s3");
            assertThat(masterView.path("masterKeyOnly").path("secret").asBoolean()).isTrue();
            assertThat(server.api().put("/config", "{\"params\":{\"x\":1}}").status()).isEqualTo(403);
            server.master().put("/config", "{\"params\":{\"welcome\":{\"__op\":\"Delete\"}}}");
            assertThat(server.master().get("/config").json().path("params").has("welcome")).isFalse();
        }
    }
}
