package io.heliobase.server;

import io.heliobase.server.settings.Settings;
import io.heliobase.server.settings.SettingsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Without a configured master key, one is generated on first start, kept in the data directory (readable by the
 * owner only) and printed once: there is never a well-known default key.
 */
final class MasterKeys {
    static final String FILE_NAME = "master.key";

    private MasterKeys() {
    }

    static Settings ensure(Settings settings) {
        if (settings.masterKey().isPresent()) {
            return settings;
        }
        Path file = settings.dataDir().resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (key.isEmpty()) {
                    throw new SettingsException("HELIOBASE_MASTER_KEY: " + file + " is empty; delete it or set a key");
                }
                return settings.withMasterKey(key);
            }
            Files.createDirectories(settings.dataDir());
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String key = HexFormat.of().formatHex(random);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps its default permissions
            }
            System.out.println("Generated a master key (shown only this once; kept in " + file.toAbsolutePath()
                    + "): " + key);
            return settings.withMasterKey(key);
        } catch (IOException e) {
            throw new SettingsException("HELIOBASE_DATA_DIR: cannot keep the master key in " + file + ": "
                    + e.getMessage());
        }
    }
}
