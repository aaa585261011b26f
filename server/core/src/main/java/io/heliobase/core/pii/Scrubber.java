package io.heliobase.core.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Applies PII policies to values: every string inside a field's value (strings in arrays and objects too) is
 * scanned and rewritten as the policy says. Encrypted values are {@code enc:v1:<base64 of IV and ciphertext>}.
 */
public final class Scrubber {
    public static final String ENCRYPTED_PREFIX = "enc:v1:";
    /** What callers without the right to decrypt see instead of the value. */
    public static final String HIDDEN = "<ENCRYPTED>";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PiiScanner scanner;
    private final byte[] hashKey;
    private final Optional<SecretKeySpec> encryptionKey;

    /**
     * @param hashKey       the HMAC key of {@code hash}, so equal values hash equal without being guessable
     * @param encryptionKey 16, 24 or 32 bytes for AES-GCM, or empty (then {@code encrypt} policies are refused)
     */
    public Scrubber(PiiScanner scanner, byte[] hashKey, Optional<byte[]> encryptionKey) {
        this.scanner = scanner;
        this.hashKey = hashKey.clone();
        this.encryptionKey = encryptionKey.map(key -> new SecretKeySpec(key, "AES"));
    }

    public boolean canEncrypt() {
        return encryptionKey.isPresent();
    }

    /** What a value became, and the entities found in it. */
    public record Result(JsonNode value, Set<Entity> found) {
    }

    /** Applies {@code policy} to every string in {@code value}. */
    public Result apply(PiiPolicy policy, JsonNode value) {
        Set<Entity> found = new LinkedHashSet<>();
        if (policy.action() == PiiPolicy.Action.ENCRYPT) {
            if (value == null || value.isNull() || (value.isTextual() && value.asText().startsWith(ENCRYPTED_PREFIX))) {
                return new Result(value, found);
            }
            collect(policy, value, found);
            return new Result(Json.mapper().getNodeFactory().textNode(encrypt(Json.text(value))), found);
        }
        return new Result(rewrite(policy, value, found), found);
    }

    private void collect(PiiPolicy policy, JsonNode value, Set<Entity> found) {
        if (value.isTextual()) {
            scanner.scan(value.asText(), policy.entities()).forEach(f -> found.add(f.entity()));
        } else if (value.isContainerNode()) {
            value.forEach(v -> collect(policy, v, found));
        }
    }

    private JsonNode rewrite(PiiPolicy policy, JsonNode value, Set<Entity> found) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return Json.mapper().getNodeFactory().textNode(scrub(policy, value.asText(), found));
        }
        if (value instanceof ArrayNode array) {
            ArrayNode out = Json.array();
            array.forEach(v -> out.add(rewrite(policy, v, found)));
            return out;
        }
        if (value instanceof ObjectNode object && !object.has("__type")) {
            ObjectNode out = Json.object();
            object.properties().forEach(e -> out.set(e.getKey(), rewrite(policy, e.getValue(), found)));
            return out;
        }
        return value;
    }

    /** One string with the policy's action applied to each finding. */
    public String scrub(PiiPolicy policy, String text, Set<Entity> found) {
        List<Finding> findings = scanner.scan(text, policy.entities());
        if (findings.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        for (Finding f : findings) {
            found.add(f.entity());
            out.append(text, last, f.start());
            String span = text.substring(f.start(), f.end());
            out.append(switch (policy.action()) {
                case REDACT -> f.entity().placeholder();
                case MASK -> mask(span);
                case HASH -> "<" + f.entity().name() + ":" + hmac(span) + ">";
                case DETECT, ENCRYPT -> span;
            });
            last = f.end();
        }
        out.append(text.substring(last));
        return out.toString();
    }

    /** {@code ****1234}: the last four letters or digits stay, so a user can still tell their card apart. */
    static String mask(String span) {
        StringBuilder tail = new StringBuilder();
        for (int i = span.length() - 1; i >= 0 && tail.length() < 4; i--) {
            if (Character.isLetterOrDigit(span.charAt(i))) {
                tail.insert(0, span.charAt(i));
            }
        }
        return "****" + tail;
    }

    private String hmac(String span) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(span.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String encrypt(String plain) {
        SecretKeySpec key = encryptionKey.orElseThrow(() -> new IllegalStateException(
                "an encrypt policy needs HELIOBASE_PII_ENCRYPTION_KEY"));
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ENCRYPTED_PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The original value of an encrypted one; empty when it is not ours or the key cannot open it. */
    public Optional<JsonNode> decrypt(JsonNode stored) {
        if (encryptionKey.isEmpty() || stored == null || !stored.isTextual()
                || !stored.asText().startsWith(ENCRYPTED_PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.asText().substring(ENCRYPTED_PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey.get(), new GCMParameterSpec(128, all, 0, 12));
            return Optional.of(Json.parse(new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
