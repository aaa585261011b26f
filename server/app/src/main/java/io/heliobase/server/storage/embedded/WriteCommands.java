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

    /**
     * Reads that may run side by side: mongo-java-server's read path for these only reads collections (the H2
     * maps are thread-safe), and its shared state there is concurrent maps (cursors, per-connection status) or the
     * matcher's positional-operator slot, which only updates consume, under the exclusive lock. Anything not listed
     * runs alone.
     */
    private static final Set<String> SHARED_READS = Set.of("find", "count", "distinct", "getmore", "listindexes",
            "listcollections");

    private WriteCommands() {
    }

    static boolean isWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return writesOutput(query.get("pipeline"));
        }
        return WRITES.contains(name);
    }

    /** Whether a command may run concurrently with other shared reads (never with a write). */
    static boolean isSharedRead(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return !writesOutput(query.get("pipeline"));
        }
        return SHARED_READS.contains(name);
    }

    private static boolean writesOutput(Object pipeline) {
        if (!(pipeline instanceof List<?> stages)) {
            return false;
        }
        return stages.stream()
            .anyMatch(stage -> stage instanceof Map<?, ?> map && map.keySet().stream().anyMatch(OUTPUT_STAGES::contains));
    }
}
