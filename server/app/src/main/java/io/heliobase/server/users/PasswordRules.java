package io.heliobase.server.users;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.server.settings.Settings.AccountPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parse's password policy (pattern, no username, history, maximum age) and account lockout, on Parse's own _User
 * fields: {@code _password_changed_at}, {@code _password_history}, {@code _failed_login_count},
 * {@code _account_lockout_expires_at}.
 */
public final class PasswordRules {
    private final AccountPolicy policy;

    public PasswordRules(AccountPolicy policy) {
        this.policy = policy;
    }

    /**
     * Checks a new password against the policy and returns the stored fields that set it: the hash, the change
     * date and, with a history policy, the previous hashes. {@code stored} is the user before the change (null on
     * sign-up).
     */
    public ObjectNode change(String password, String username, ObjectNode stored) {
        if (password == null || password.isEmpty()) {
            throw new ParseException(ParseErrorCode.PASSWORD_MISSING, "password is required");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > Passwords.MAX_BYTES) {
            throw new ParseException(ParseErrorCode.VALIDATION_ERROR, "password is longer than 72 bytes");
        }
        if (policy.passwordPattern().isPresent() && !policy.passwordPattern().get().matcher(password).find()) {
            throw new ParseException(ParseErrorCode.VALIDATION_ERROR, policy.passwordPolicyMessage());
        }
        if (policy.doNotAllowUsername() && username != null && !username.isEmpty()
                && password.toLowerCase(java.util.Locale.ROOT).contains(username.toLowerCase(java.util.Locale.ROOT))) {
            throw new ParseException(ParseErrorCode.VALIDATION_ERROR, "Password cannot contain your username.");
        }
        ObjectNode fields = Json.object().put("_hashed_password", Passwords.hash(password));
        fields.set("_password_changed_at", Json.date(Instant.now()));
        if (policy.maxPasswordHistory() > 0 && stored != null) {
            ArrayNode previous = Json.array();
            String current = stored.path("_hashed_password").asText(null);
            if (current != null) {
                previous.add(current);
            }
            stored.path("_password_history").forEach(previous::add);
            ArrayNode kept = Json.array();
            for (int i = 0; i < Math.min(previous.size(), policy.maxPasswordHistory()); i++) {
                if (Passwords.matches(password, previous.get(i).asText())) {
                    throw new ParseException(ParseErrorCode.VALIDATION_ERROR, "New password should not be the same as"
                            + " last " + policy.maxPasswordHistory() + " passwords.");
                }
                kept.add(previous.get(i));
            }
            fields.set("_password_history", kept);
        }
        if (policy.unlockOnPasswordReset() && stored != null) {
            fields.putNull("_account_lockout_expires_at");
            fields.put("_failed_login_count", 0);
        }
        return fields;
    }

    /** Refuses a login to a locked account or with an expired password (checked before the password itself). */
    void checkLoginAllowed(ObjectNode user) {
        String lockedUntil = user.path("_account_lockout_expires_at").path("iso").asText(null);
        if (policy.lockoutThreshold() > 0 && lockedUntil != null && Json.parseIso(lockedUntil).isAfter(Instant.now())) {
            throw new ParseException(ParseErrorCode.OBJECT_NOT_FOUND, "Your account is locked due to multiple failed"
                    + " login attempts. Please try again after " + policy.lockoutDurationMinutes() + " minute(s)");
        }
    }

    void checkPasswordAge(ObjectNode user) {
        String changed = user.path("_password_changed_at").path("iso").asText(null);
        if (policy.maxPasswordAgeDays() > 0 && changed != null
                && Json.parseIso(changed).plus(Duration.ofDays(policy.maxPasswordAgeDays())).isBefore(Instant.now())) {
            throw new ParseException(ParseErrorCode.OBJECT_NOT_FOUND,
                    "Your password has expired. Please reset your password.");
        }
    }

    /** Counts a failed login atomically and locks the account at the threshold. */
    void recordFailure(StorageAdapter storage, ClassSchema schema, ObjectNode user) {
        if (policy.lockoutThreshold() <= 0) {
            return;
        }
        String id = user.path("objectId").asText();
        Map<String, FieldOp> ops = Map.of("_failed_login_count",
                new FieldOp.Increment(Json.mapper().getNodeFactory().numberNode(1)));
        ObjectNode after = storage.update(schema, id, null, ops, null, Json.iso(Instant.now())).orElse(null);
        if (after != null && after.path("_failed_login_count").asInt() >= policy.lockoutThreshold()) {
            Map<String, FieldOp> lock = new LinkedHashMap<>();
            lock.put("_account_lockout_expires_at", new FieldOp.Set(Json.date(Instant.now()
                    .plus(Duration.ofMinutes(policy.lockoutDurationMinutes())))));
            lock.put("_failed_login_count", new FieldOp.Set(Json.mapper().getNodeFactory().numberNode(0)));
            storage.update(schema, id, null, lock, null, Json.iso(Instant.now()));
        }
    }

    void recordSuccess(StorageAdapter storage, ClassSchema schema, ObjectNode user) {
        if (policy.lockoutThreshold() > 0 && user.path("_failed_login_count").asInt(0) > 0) {
            storage.update(schema, user.path("objectId").asText(), null, Map.of("_failed_login_count",
                    new FieldOp.Delete()), null, Json.iso(Instant.now()));
        }
    }

}
