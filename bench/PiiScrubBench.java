import io.heliobase.core.pii.PiiPolicy;
import io.heliobase.core.pii.PiiScanner;
import io.heliobase.core.pii.Scrubber;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * PII scrubbing throughput on chat-like text, one thread (so the figure is per core): KB/s and messages/s for
 * redact over all built-in recognizers, after a warm-up. Run with bench/pii-scrub.sh (builds server/core first).
 */
public class PiiScrubBench {
    private static final String[] PLAIN = {
        "can you move my 3pm to tomorrow and remind me to water the plants",
        "the build failed again on version 2.4.1, same stack trace as last week",
        "summarize the last three emails from the design team and draft a reply",
        "order 4412 shipped on 2026-11-28, tracking says it is in the depot",
        "I think the agent got stuck at step 4 of 7, can you retry the search",
        "what did we decide about the Q3 budget in the meeting on Tuesday?",
    };
    private static final String[] PII = {
        "my email is dana.miller42@example.com, send the invoice there",
        "call me on (415) 555-2671 after six or text +44 20 7946 0958",
        "charge it to 4111 1111 1111 1111, expiry 04/29",
        "wire the refund to DE89 3704 0044 0532 0130 00 please",
        "my ssn is 536-90-4399 for the tax form",
        "the login came from 203.0.113.77, was that you?",
    };

    public static void main(String[] args) {
        int messages = 20_000;
        double piiShare = 0.3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--pii-share" -> piiShare = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        Random random = new Random(42);
        List<String> corpus = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < messages; i++) {
            String text = random.nextDouble() < piiShare ? PII[random.nextInt(PII.length)] + " " + PLAIN[random.nextInt(PLAIN.length)]
                    : PLAIN[random.nextInt(PLAIN.length)] + " " + PLAIN[random.nextInt(PLAIN.length)];
            corpus.add(text);
            bytes += text.getBytes(StandardCharsets.UTF_8).length;
        }
        Scrubber scrubber = new Scrubber(PiiScanner.builtIn("US"), "bench".getBytes(StandardCharsets.UTF_8),
                Optional.empty());
        PiiPolicy redact = new PiiPolicy(PiiPolicy.Action.REDACT, Set.of(), Set.of());
        for (int round = 1; round <= 5; round++) {
            long start = System.nanoTime();
            int changed = 0;
            for (String text : corpus) {
                if (!scrubber.scrub(redact, text, new HashSet<>()).equals(text)) {
                    changed++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d messages (%.0f KB) in %.2f s: %.0f KB/s, %.0f messages/s, %d scrubbed%n",
                    round, messages, bytes / 1024.0, seconds, bytes / 1024.0 / seconds, messages / seconds, changed);
        }
    }
}
