package io.heliobase.server.users.email;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.server.data.SchemaCache;
import io.heliobase.server.settings.Settings.EmailSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Email verification and password reset with one-time tokens kept where Parse Server keeps them
 * ({@code _email_verify_token}, {@code _perishable_token} and their expiry dates on _User). Links name no user
 * (Parse 8 dropped the username from them for privacy).
 */
public final class AccountEmails {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StorageAdapter storage;
    private final SchemaCache schemas;
    private final Mailer mailer;
    private final EmailSettings settings;
    private final Supplier<String> serverUrl;
    private final String appId;

    public AccountEmails(StorageAdapter storage, SchemaCache schemas, Mailer mailer, EmailSettings settings,
                         Supplier<String> serverUrl, String appId) {
        this.storage = storage;
        this.schemas = schemas;
        this.mailer = mailer;
        this.settings = settings;
        this.serverUrl = serverUrl;
        this.appId = appId;
    }

    public static Mailer mailerFor(EmailSettings settings) {
        return settings.smtpHost().isPresent() ? new SmtpMailer(settings) : new LogMailer();
    }

    public EmailSettings settings() {
        return settings;
    }

    /** The stored fields that start a verification: a fresh token and its expiry. */
    public ObjectNode newVerificationToken() {
        return Json.object().put("_email_verify_token", token())
                .set("_email_verify_token_expires_at", Json.date(Instant.now().plus(settings.verifyTokenValidity())));
    }

    public void sendVerification(String email, String token) {
        String link = serverUrl.get() + "/apps/" + encode(appId) + "/verify_email?token=" + encode(token);
        mailer.send(new Mailer.Message(email, "Please verify your e-mail for " + settings.appName(),
                "Hi,\n\nYou are being asked to confirm the e-mail address " + email + " with " + settings.appName()
                        + "\n\nClick here to confirm it:\n" + link + "\n"));
    }

    /** {@code POST /verificationEmailRequest}: 205 for an unknown address, -1 if it is already verified. */
    public void requestVerification(String email) {
        ObjectNode user = findUser("email", email).orElseThrow(() -> new ParseException(
                ParseErrorCode.EMAIL_NOT_FOUND, "No user found with email " + email + "."));
        if (user.path("emailVerified").asBoolean(false)) {
            throw new ParseException(ParseErrorCode.OTHER_CAUSE, "Email " + email + " is already verified.");
        }
        ObjectNode fields = newVerificationToken();
        update(user, fields, Map.of());
        sendVerification(email, fields.path("_email_verify_token").asText());
    }

    /** Marks the token's user verified; false for an unknown or expired token. */
    public boolean verify(String token) {
        Optional<ObjectNode> user = findUser("_email_verify_token", token);
        if (user.isEmpty() || expired(user.get(), "_email_verify_token_expires_at")) {
            return false;
        }
        update(user.get(), Json.object(), Map.of("emailVerified", new FieldOp.Set(Json.mapper().getNodeFactory()
                .booleanNode(true)), "_email_verify_token", new FieldOp.Delete(), "_email_verify_token_expires_at",
                new FieldOp.Delete()));
        return true;
    }

    /**
     * {@code POST /requestPasswordReset}: an unknown address answers as a known one does, so the endpoint cannot be
     * used to find out who has an account.
     */
    public void requestPasswordReset(String email) {
        Optional<ObjectNode> user = findUser("email", email);
        if (user.isEmpty()) {
            return;
        }
        String token = token();
        update(user.get(), Json.object().put("_perishable_token", token).set("_perishable_token_expires_at",
                Json.date(Instant.now().plus(settings.resetTokenValidity()))), Map.of());
        String link = serverUrl.get() + "/apps/" + encode(appId) + "/request_password_reset?token=" + encode(token);
        mailer.send(new Mailer.Message(email, "Password Reset for " + settings.appName(),
                "Hi,\n\nYou requested to reset your password for " + settings.appName()
                        + ".\n\nClick here to reset it:\n" + link + "\n"));
    }

    /** The user a reset token belongs to, if it is still valid. */
    public Optional<ObjectNode> resetTokenUser(String token) {
        return findUser("_perishable_token", token).filter(u -> !expired(u, "_perishable_token_expires_at"));
    }

    /** Stores the new password's fields and burns the token; returns the user's id. */
    public String completeReset(ObjectNode user, ObjectNode passwordFields) {
        update(user, passwordFields, Map.of("_perishable_token", new FieldOp.Delete(),
                "_perishable_token_expires_at", new FieldOp.Delete()));
        return user.path("objectId").asText();
    }

    private void update(ObjectNode user, ObjectNode internal, Map<String, FieldOp> more) {
        Map<String, FieldOp> ops = new java.util.LinkedHashMap<>(more);
        internal.properties().forEach(e -> ops.put(e.getKey(), new FieldOp.Set(e.getValue())));
        storage.update(schema(), user.path("objectId").asText(), null, ops, null, Json.iso(Instant.now()));
    }

    private Optional<ObjectNode> findUser(String field, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        Predicate where = new Predicate.Field(field, new Constraint.Compare(Constraint.Comparison.EQ,
                Json.mapper().getNodeFactory().textNode(value)));
        return storage.find(new StorageQuery(schema(), where, null, List.of(), 0, 1, null)).stream().findFirst();
    }

    private ClassSchema schema() {
        return schemas.schemaOrEmpty(SystemClasses.USER);
    }

    private static boolean expired(ObjectNode user, String field) {
        String iso = user.path(field).path("iso").asText(null);
        return iso != null && Json.parseIso(iso).isBefore(Instant.now());
    }


    private static String token() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
