package io.heliobase.core.pii;

import java.util.List;
import java.util.Set;

/** A recognizer service beside the built-in ones (Microsoft Presidio): it may find several kinds of entity at once. */
@FunctionalInterface
public interface ExternalAnalyzer {

    /** Findings of the {@code wanted} entities (all when empty); throws when the service cannot answer. */
    List<Finding> analyze(String text, Set<Entity> wanted);
}
