package io.heliobase.cloudcode.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Performs a script's {@code fetch}: checks the URL against the policy, never follows redirects (a redirect could
 * leave the allow-list), bounds the whole exchange by the policy's timeout and the body by its size cap, and answers
 * {@code {status, statusText, url, headers, body}} with the body as text.
 */
public final class OutboundFetch {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final FetchPolicy policy;
    private final HttpClient client;

    public OutboundFetch(FetchPolicy policy) {
        this.policy = policy;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(policy.timeout()).build();
    }

    public ObjectNode send(JsonNode request) {
        URI uri = uriOf(request.path("url").asText(""));
        if (!policy.permits(uri)) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "fetch: " + uri.getScheme() + "://" + uri.getHost()
                    + " is not on the allow-list (HELIOBASE_CLOUD_FETCH_ALLOW)");
        }
        String method = request.path("method").asText("GET").toUpperCase(java.util.Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "fetch: unsupported method " + method);
        }
        JsonNode body = request.get("body");
        HttpRequest.BodyPublisher publisher = body == null || body.isNull() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.asText(), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(policy.timeout()).method(method, publisher);
        try {
            request.path("headers").properties().forEach(h -> builder.header(h.getKey(), h.getValue().asText()));
        } catch (IllegalArgumentException e) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "fetch: " + e.getMessage());
        }
        try {
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            return answer(uri, response);
        } catch (HttpTimeoutException e) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "fetch: " + uri.getHost() + " did not answer within "
                    + policy.timeout().toMillis() + " ms");
        } catch (IOException e) {
            throw new ParseException(ParseErrorCode.CONNECTION_FAILED, "fetch: " + uri.getHost() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "fetch: interrupted");
        }
    }

    private ObjectNode answer(URI uri, HttpResponse<InputStream> response) throws IOException {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, policy.maxResponseBytes() + 1));
        }
        if (bytes.length > policy.maxResponseBytes()) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "fetch: the response from " + uri.getHost()
                    + " is larger than " + policy.maxResponseBytes() + " bytes");
        }
        ObjectNode out = Json.object().put("status", response.statusCode()).put("url", uri.toString());
        ObjectNode headers = out.putObject("headers");
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT), String.join(", ", header.getValue()));
        }
        out.put("body", new String(bytes, StandardCharsets.UTF_8));
        return out;
    }

    private static URI uriOf(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new ParseException(ParseErrorCode.SCRIPT_FAILED, "fetch: invalid URL " + text);
        }
    }
}
