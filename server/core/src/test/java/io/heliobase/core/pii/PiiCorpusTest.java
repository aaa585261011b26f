package io.heliobase.core.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the built-in recognizers on a labelled corpus (bench/pii/make_corpus.py): chat-like lines
 * with PII marked {@code [[ENTITY:text]]} and tricky negatives (Luhn-failing order numbers, dates, versions, times).
 * A finding counts when its entity and span match a mark exactly.
 */
class PiiCorpusTest {
    private static final Pattern MARK = Pattern.compile("\\[\\[([A-Z_]+):(.+?)]]");

    record Labelled(String text, Set<Finding> expected) {
    }

    static List<Labelled> corpus() throws IOException {
        List<Labelled> lines = new ArrayList<>();
        try (InputStream in = PiiCorpusTest.class.getResourceAsStream("/pii/corpus.txt")) {
            for (String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (raw.isBlank() || raw.startsWith("#")) {
                    continue;
                }
                StringBuilder text = new StringBuilder();
                Set<Finding> expected = new HashSet<>();
                Matcher m = MARK.matcher(raw);
                int last = 0;
                while (m.find()) {
                    text.append(raw, last, m.start());
                    int start = text.length();
                    text.append(m.group(2));
                    expected.add(new Finding(Entity.valueOf(m.group(1)), start, text.length()));
                    last = m.end();
                }
                text.append(raw.substring(last));
                lines.add(new Labelled(text.toString(), expected));
            }
        }
        return lines;
    }

    @Test
    void builtInRecognizersArePreciseOnTheCorpus() throws IOException {
        PiiScanner scanner = PiiScanner.builtIn("US");
        Map<Entity, int[]> counts = new EnumMap<>(Entity.class); // true positives, false positives, false negatives
        List<String> misses = new ArrayList<>();
        List<Labelled> corpus = corpus();
        for (Labelled line : corpus) {
            Set<Finding> found = new HashSet<>(scanner.scan(line.text(), List.of()));
            for (Finding f : found) {
                int[] c = counts.computeIfAbsent(f.entity(), e -> new int[3]);
                if (line.expected().contains(f)) {
                    c[0]++;
                } else {
                    c[1]++;
                    misses.add("false " + f.entity() + " '" + line.text().substring(f.start(), f.end()) + "' in: "
                            + line.text());
                }
            }
            for (Finding f : line.expected()) {
                if (!found.contains(f)) {
                    counts.computeIfAbsent(f.entity(), e -> new int[3])[2]++;
                    misses.add("missed " + f.entity() + " '" + line.text().substring(f.start(), f.end()) + "' in: "
                            + line.text());
                }
            }
        }
        int tp = 0;
        int fp = 0;
        int fn = 0;
        StringBuilder report = new StringBuilder("entity: precision / recall (tp, fp, fn) over " + corpus.size()
                + " lines\n");
        for (Map.Entry<Entity, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            tp += c[0];
            fp += c[1];
            fn += c[2];
            report.append(String.format("%s: %.3f / %.3f (%d, %d, %d)%n", e.getKey(), ratio(c[0], c[0] + c[1]),
                    ratio(c[0], c[0] + c[2]), c[0], c[1], c[2]));
        }
        report.append(String.format("all: %.3f / %.3f%n", ratio(tp, tp + fp), ratio(tp, tp + fn)));
        System.out.println(report);
        misses.forEach(System.out::println);
        assertThat(ratio(tp, tp + fp)).as(report.toString()).isGreaterThanOrEqualTo(0.97);
        assertThat(ratio(tp, tp + fn)).as(report.toString()).isGreaterThanOrEqualTo(0.97);
        counts.forEach((entity, c) -> assertThat(ratio(c[0], c[0] + c[1])).as(entity + " precision")
                .isGreaterThanOrEqualTo(0.9));
    }

    private static double ratio(int part, int whole) {
        return whole == 0 ? 1.0 : (double) part / whole;
    }
}
