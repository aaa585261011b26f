package io.heliobase.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.pii.Entity;
import io.heliobase.core.pii.ExternalAnalyzer;
import io.heliobase.core.pii.Finding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Microsoft Presidio's analyzer over REST ({@code POST <url>/analyze} with {@code {text, language, entities,
 * score_threshold}}, answered by {@code [{entity_type, start, end, score}]}): it adds what Java recognizers cannot
 * (PERSON, LOCATION, custom recognizers). Heliobase applies its own actions to what it finds, so Presidio's anonymizer
 * is not needed. When Presidio cannot answer in time, {@code failOpen} carries on with the built-in recognizers alone
 * (and logs it); otherwise the write is refused (code 1, HTTP 500) rather than stored unscrubbed.
 */
public final class PresidioAnalyzer implements ExternalAnalyzer {
    private static final System.Logger LOG = System.getLogger(PresidioAnalyzer.class.getName());
    private static final Map<String, Entity> ENTITIES = Map.of("PERSON", Entity.PERSON, "LOCATION", Entity.LOCATION,
            "EMAIL_ADDRESS", Entity.EMAIL, "PHONE_NUMBER", Entity.PHONE, "CREDIT_CARD", Entity.CREDIT_CARD,
            "IBAN_CODE", Entity.IBAN, "IP_ADDRESS", Entity.IP_ADDRESS, "US_SSN", Entity.US_SSN, "URL", Entity.URL);

    private final URI analyze;
    private final Duration timeout;
    private final boolean failOpen;
    private final double threshold;
    private final HttpClient http;

    public PresidioAnalyzer(String analyzerUrl, Duration timeout, boolean failOpen, double threshold) {
        this.analyze = URI.create(analyzerUrl.replaceAll("/+$", "") + "/analyze");
        this.timeout = timeout;
        this.failOpen = failOpen;
        this.threshold = threshold;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** What only Presidio finds; the built-in recognizers handle the structured entities themselves. */
    private static final Map<Entity, String> ASKED = Map.of(Entity.PERSON, "PERSON", Entity.LOCATION, "LOCATION");

    @Override
    public List<Finding> analyze(String text, Set<Entity> wanted) {
        ArrayNode entities = Json.array();
        ASKED.forEach((entity, presidio) -> {
            if (wanted.isEmpty() || wanted.contains(entity)) {
                entities.add(presidio);
            }
        });
        if (entities.isEmpty() || text.isBlank()) {
            return List.of(); // nothing Presidio adds: no call
        }
        ObjectNode body = Json.object().put("text", text).put("language", "en").put("score_threshold", threshold);
        body.set("entities", entities);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(analyze).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.text(body), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return unavailable("Presidio answered " + response.statusCode());
            }
            List<Finding> found = new ArrayList<>();
            for (JsonNode result : Json.parse(response.body())) {
                Entity entity = ENTITIES.get(result.path("entity_type").asText());
                int start = result.path("start").asInt(-1);
                int end = result.path("end").asInt(-1);
                if (entity != null && start >= 0 && end > start && end <= text.length()) {
                    found.add(new Finding(entity, start, end));
                }
            }
            return found;
        } catch (IOException | RuntimeException e) {
            return unavailable("Presidio is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted");
        }
    }

    private List<Finding> unavailable(String why) {
        if (failOpen) {
            LOG.log(System.Logger.Level.WARNING, why + "; scrubbing with the built-in recognizers only");
            return List.of();
        }
        throw new ParseException(ParseErrorCode.INTERNAL_SERVER_ERROR, "PII analysis is unavailable (" + why
                + "); the write was not stored");
    }
}
