package io.heliobase.server.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @Test
    void defaultsMatchTheReadme() {
        Settings s = SettingsLoader.load(null, Map.of());
        assertThat(s.port()).isEqualTo(1337);
        assertThat(s.mountPath()).isEqualTo("/parse");
        assertThat(s.masterKey()).isEmpty();
        assertThat(s.databaseUri()).isEmpty();
        assertThat(s.dataDir()).isEqualTo(Path.of("data"));
        assertThat(s.allowClientClassCreation()).isFalse();
        assertThat(s.maxBodySize()).isEqualTo(20L * 1024 * 1024);
        assertThat(s.masterKeyIps()).extracting(IpRange::text).containsExactly("127.0.0.1", "::1");
    }

    @Test
    void environmentOverridesYamlAndParseAliasesWork(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("heliobase.yaml");
        Files.writeString(yaml, "port: 4000\napp-id: fromYaml\nmaster-key: yamlKey\nfile-upload:\n  enable-for-public: true\n");
        Settings s = SettingsLoader.load(yaml, Map.of("HELIOBASE_PORT", "5000", "PARSE_SERVER_MASTER_KEY", "parseKey",
                "PARSE_SERVER_DATABASE_URI", "mongodb://db:27017/app", "HELIOBASE_MAX_BODY_SIZE", "512kb"));
        assertThat(s.port()).isEqualTo(5000);
        assertThat(s.appId()).isEqualTo("fromYaml");
        assertThat(s.masterKey()).contains("parseKey");
        assertThat(s.databaseUri()).contains("mongodb://db:27017/app");
        assertThat(s.maxBodySize()).isEqualTo(512 * 1024);
        assertThat(s.fileUpload().enableForPublic()).isTrue();
        Settings nested = SettingsLoader.load(writeNested(dir), Map.of());
        assertThat(nested.appId()).isEqualTo("nested");
    }

    private static Path writeNested(Path dir) throws Exception {
        Path yaml = dir.resolve("nested.yaml");
        Files.writeString(yaml, "heliobase:\n  app-id: nested\n");
        return yaml;
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("HELIOBASE_PORT", "http")))
                .hasMessageStartingWith("HELIOBASE_PORT (port)");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("HELIOBASE_ALLOW_CLIENT_CLASS_CREATION", "maybe")))
                .hasMessageStartingWith("HELIOBASE_ALLOW_CLIENT_CLASS_CREATION");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("HELIOBASE_DATABASE_URI", "postgres://x")))
                .hasMessageStartingWith("HELIOBASE_DATABASE_URI");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("HELIOBASE_MASTER_KEY_IPS", "localhost")))
                .hasMessageStartingWith("HELIOBASE_MASTER_KEY_IPS");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("HELIOBASE_MOUNT_PATH", "parse")))
                .hasMessageStartingWith("HELIOBASE_MOUNT_PATH");
        assertThatThrownBy(() -> SettingsLoader.load(null, Map.of("HELIOBASE_MAX_BODY_SIZE", "lots")))
                .hasMessageStartingWith("HELIOBASE_MAX_BODY_SIZE");
        assertThatThrownBy(() -> SettingsLoader.load(Path.of("/nonexistent.yaml"), Map.of()))
                .hasMessageStartingWith("--config");
    }

    @Test
    void ipRangesMatchCidrsAndMappedAddresses() throws Exception {
        IpRange lan = IpRange.parse("10.0.0.0/8");
        assertThat(lan.contains(InetAddress.getByName("10.2.3.4"))).isTrue();
        assertThat(lan.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(IpRange.parse("127.0.0.1").contains(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
        assertThat(IpRange.parse("::1").contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(IpRange.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
    }
}
