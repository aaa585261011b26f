package io.heliobase.core.pii;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Runs recognizers over text and keeps one finding per span: where two overlap, the longer wins (a URL holding an
 * email stays one URL; a card number is not also a phone number).
 */
public final class PiiScanner {
    private final List<Recognizer> recognizers;
    private final java.util.Optional<ExternalAnalyzer> external;

    public PiiScanner(List<Recognizer> recognizers) {
        this(recognizers, java.util.Optional.empty());
    }

    /** With an external analyzer too (Presidio): its findings join the built-in ones. */
    public PiiScanner(List<Recognizer> recognizers, java.util.Optional<ExternalAnalyzer> external) {
        this.recognizers = List.copyOf(recognizers);
        this.external = external;
    }

    /** The built-in recognizers, phones read in {@code phoneRegion} when written without a country code. */
    public static PiiScanner builtIn(String phoneRegion) {
        return new PiiScanner(Recognizers.all(phoneRegion));
    }

    /** The built-in recognizers and an external analyzer. */
    public static PiiScanner builtInAnd(String phoneRegion, ExternalAnalyzer external) {
        return new PiiScanner(Recognizers.all(phoneRegion), java.util.Optional.of(external));
    }

    /** Findings of the given entities (all when empty), in text order, without overlaps. */
    public List<Finding> scan(String text, Collection<Entity> only) {
        List<Finding> all = new ArrayList<>();
        Set<Entity> wanted = only.isEmpty() ? Set.of(Entity.values()) : Set.copyOf(only);
        for (Recognizer recognizer : recognizers) {
            if (wanted.contains(recognizer.entity())) {
                all.addAll(recognizer.find(text));
            }
        }
        external.ifPresent(analyzer -> analyzer.analyze(text, Set.copyOf(only)).stream()
                .filter(f -> wanted.contains(f.entity())).forEach(all::add));
        return resolve(all);
    }

    /** Longest first, then earliest; drop whatever overlaps a kept finding. */
    static List<Finding> resolve(List<Finding> findings) {
        List<Finding> byLength = new ArrayList<>(findings);
        byLength.sort((a, b) -> a.end() - a.start() != b.end() - b.start()
                ? Integer.compare(b.end() - b.start(), a.end() - a.start()) : Integer.compare(a.start(), b.start()));
        List<Finding> kept = new ArrayList<>();
        for (Finding f : byLength) {
            if (kept.stream().noneMatch(f::overlaps)) {
                kept.add(f);
            }
        }
        kept.sort(null);
        return kept;
    }
}
