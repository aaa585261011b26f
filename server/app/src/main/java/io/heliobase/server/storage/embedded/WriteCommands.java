package io.heliobase.server.storage.embedded;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.bson.Document;

/** Which commands change stored data, so that only those pay for a commit before their reply. */
final class WriteCommands {

    /** Every data-changing command mongo-java-server 1.47.0 implements, lower-cased. */
    private static final Set<String> WRITES = Set.of(
        "insert", "update", "delete", "findandmodify",
        "create", "createindexes", "drop", "dropindexes", "dropdatabase", "renamecollection");

    private static final Set<String> OUTPUT_STAGES = Set.of("$out", "$merge");

    private WriteCommands() {
    }

    static boolean isWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return writesOutput(query.get("pipeline"));
        }
        return WRITES.contains(name);
    }

    private static boolean writesOutput(Object pipeline) {
        if (!(pipeline instanceof List<?> stages)) {
            return false;
        }
        return stages.stream()
            .anyMatch(stage -> stage instanceof Map<?, ?> map && map.keySet().stream().anyMatch(OUTPUT_STAGES::contains));
    }
}
