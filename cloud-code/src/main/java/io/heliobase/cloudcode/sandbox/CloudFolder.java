package io.heliobase.cloudcode.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cloud-code folder (the main script's directory), read whole at load so {@code require} never touches the file
 * system from inside the sandbox: scripts ({@code .js}, {@code .cjs}) and JSON files by their path relative to the
 * folder, with {@code /} separators. Hidden entries are skipped; size and count are bounded.
 */
public record CloudFolder(Path root, String mainId, Map<String, String> scripts, Map<String, String> esModules,
                          Map<String, String> json) {
    public static final int MAX_FILES = 2_000;

    /** Whether the main script is an ES module ({@code .mjs}): then it uses {@code import}, not {@code require}. */
    public boolean mainIsModule() {
        return esModules.containsKey(mainId);
    }
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    public CloudFolder {
        scripts = Map.copyOf(scripts);
        esModules = Map.copyOf(esModules);
        json = Map.copyOf(json);
    }

    public static CloudFolder read(Path mainScript) {
        Path main = mainScript.toAbsolutePath().normalize();
        Path root = main.getParent();
        Map<String, String> scripts = new LinkedHashMap<>();
        Map<String, String> esModules = new LinkedHashMap<>();
        Map<String, String> json = new LinkedHashMap<>();
        long[] bytes = {0};
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile).filter(p -> !hidden(root, p))
                    .filter(p -> name(p).endsWith(".js") || name(p).endsWith(".cjs") || name(p).endsWith(".mjs")
                            || name(p).endsWith(".json"))
                    .limit(MAX_FILES + 1L).toList();
            if (files.size() > MAX_FILES) {
                throw new IllegalStateException("cloud code folder " + root + " has more than " + MAX_FILES
                        + " .js/.json files");
            }
            for (Path file : files) {
                bytes[0] += Files.size(file);
                if (bytes[0] > MAX_BYTES) {
                    throw new IllegalStateException("cloud code folder " + root + " is larger than "
                            + MAX_BYTES / (1024 * 1024) + " MB");
                }
                String id = root.relativize(file).toString().replace('\\', '/');
                String text = Files.readString(file, StandardCharsets.UTF_8);
                (name(file).endsWith(".json") ? json : name(file).endsWith(".mjs") ? esModules : scripts).put(id, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cloud code folder " + root, e);
        }
        String mainId = root.relativize(main).toString().replace('\\', '/');
        if (!scripts.containsKey(mainId) && !esModules.containsKey(mainId)) {
            throw new IllegalStateException("cloud code main script " + main + " is not a readable .js or .mjs file");
        }
        return new CloudFolder(root, mainId, scripts, esModules, json);
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
