package io.heliobase.server.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.server.data.ClassRules;
import io.heliobase.server.data.SchemaCache;
import io.heliobase.server.sessions.SessionStore;
import io.heliobase.server.users.email.AccountEmails;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/**
 * _User's rules on the write path: usernames and emails unique (case-insensitively), passwords stored only as
 * bcrypt hashes, users private by default (ACL: the user alone), only the user or the master key may change or
 * delete a user, and sign-up answers with a new session token.
 */
public final class UserRules implements ClassRules {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StorageAdapter storage;
    private final SchemaCache schemas;
    private final SessionStore sessions;
    private final AccountEmails emails;
    private final AuthData authData;
    private final PasswordRules passwords;

    public UserRules(StorageAdapter storage, SchemaCache schemas, SessionStore sessions, AccountEmails emails,
                     AuthData authData, PasswordRules passwords) {
        this.authData = authData;
        this.passwords = passwords;
        this.storage = storage;
        this.schemas = schemas;
        this.sessions = sessions;
        this.emails = emails;
    }

    @Override
    public boolean needsOriginal() {
        return true;
    }

    @Override
    public void beforeCreate(Write write) {
        rejectClientOnlyFields(write);
        authData.verifyInPlace(write.ops());
        boolean thirdParty = AuthData.anyProvider(write.ops().get("authData")).isPresent();
        String username = text(write.ops().get("username"));
        if (username == null && thirdParty) {
            write.ops().put("username", new FieldOp.Set(Json.mapper().getNodeFactory().textNode(randomName())));
        } else if (username == null || username.isEmpty()) {
            throw new ParseException(ParseErrorCode.USERNAME_MISSING, "bad or missing username");
        }
        if (!thirdParty && text(write.ops().get("password")) == null) {
            throw new ParseException(ParseErrorCode.PASSWORD_MISSING, "password is required");
        }
        checkUnique(write, null);
        hashPassword(write);
        startVerification(write);
        ObjectNode acl = write.acl() == null ? Json.object() : write.acl().deepCopy();
        acl.set(write.objectId(), Json.object().put("read", true).put("write", true));
        write.acl(acl);
    }

    @Override
    public void afterCreate(Write write, ObjectNode response) {
        sendVerificationIfStarted(write);
        java.util.Optional<String> provider = AuthData.anyProvider(write.ops().get("authData"));
        // Parse records any sign-up that carries authData as a login with that provider
        response.put("sessionToken", sessions.create(write.objectId(), provider.isPresent() ? "login" : "signup",
                provider.orElse("password"), write.installationId()));
        if (provider.isPresent() && !write.ops().containsKey("password")) {
            response.put("username", text(write.ops().get("username")));
        }
    }

    @Override
    public void beforeUpdate(Write write) {
        Caller caller = write.caller();
        if (!caller.isMaster() && !(caller instanceof Caller.User u && u.userId().equals(write.objectId()))) {
            throw new ParseException(ParseErrorCode.SESSION_MISSING, "Cannot modify user " + write.objectId() + ".");
        }
        rejectClientOnlyFields(write);
        authData.verifyInPlace(write.ops());
        requireNotLinkedElsewhere(write);
        if (write.ops().get("username") instanceof FieldOp.Delete || write.ops().containsKey("username")
                && text(write.ops().get("username")) == null) {
            throw new ParseException(ParseErrorCode.USERNAME_MISSING, "bad or missing username");
        }
        checkUnique(write, write.objectId());
        hashPassword(write);
        String oldEmail = write.original() == null ? null : write.original().path("email").asText(null);
        String newEmail = text(write.ops().get("email"));
        if (newEmail != null && !newEmail.equalsIgnoreCase(String.valueOf(oldEmail))) {
            startVerification(write);
        }
    }

    /** Linking a provider account that another user already signs in with is Parse's 208. */
    private void requireNotLinkedElsewhere(Write write) {
        if (!(write.ops().get("authData") instanceof FieldOp.Set s)) {
            return;
        }
        s.value().properties().forEach(e -> {
            if (!e.getValue().isNull() && taken("authData." + e.getKey() + ".id", e.getValue().path("id").asText(),
                    write.objectId(), false)) {
                throw new ParseException(ParseErrorCode.ACCOUNT_ALREADY_LINKED, "this auth is already used");
            }
        });
    }

    /** With verifyUserEmails, a new email address starts unverified and gets a one-time verification token. */
    private void startVerification(Write write) {
        if (!emails.settings().verifyUserEmails() || text(write.ops().get("email")) == null) {
            return;
        }
        write.ops().put("emailVerified", new FieldOp.Set(Json.mapper().getNodeFactory().booleanNode(false)));
        write.internal().setAll(emails.newVerificationToken());
    }

    private void sendVerificationIfStarted(Write write) {
        if (write.internal().has("_email_verify_token")) {
            emails.sendVerification(text(write.ops().get("email")), write.internal().path("_email_verify_token").asText());
        }
    }

    @Override
    public void afterUpdate(Write write, ObjectNode response) {
        sendVerificationIfStarted(write);
        if (write.internal().has("_hashed_password")) {
            // a new password ends every other session of the user, as in Parse
            String keep = write.caller() instanceof Caller.User u ? u.sessionToken() : null;
            sessions.revokeAll(write.objectId(), keep);
        }
    }

    @Override
    public void afterDelete(Caller caller, ObjectNode original) {
        sessions.revokeAll(original.path("objectId").asText(), null);
    }

    private static void rejectClientOnlyFields(Write write) {
        if (!write.caller().isMaster() && write.ops().containsKey("emailVerified")) {
            throw ParseException.forbidden("Clients aren't allowed to manually update email verification.");
        }
        if (write.ops().containsKey("sessionToken")) {
            throw new ParseException(ParseErrorCode.INVALID_KEY_NAME, "sessionToken is an invalid field name.");
        }
    }

    private void hashPassword(Write write) {
        FieldOp password = write.ops().remove("password");
        if (password == null) {
            return;
        }
        String username = text(write.ops().get("username"));
        if (username == null && write.original() != null) {
            username = write.original().path("username").asText(null);
        }
        write.internal().setAll(passwords.change(text(password), username, write.original()));
    }

    private void checkUnique(Write write, String selfId) {
        String username = text(write.ops().get("username"));
        if (username != null && taken("username", username, selfId, true)) {
            throw new ParseException(ParseErrorCode.USERNAME_TAKEN, "Account already exists for this username.");
        }
        FieldOp emailOp = write.ops().get("email");
        String email = text(emailOp);
        if (emailOp instanceof FieldOp.Set s && !s.value().isNull() && (email == null || !EMAIL.matcher(email).matches())) {
            throw new ParseException(ParseErrorCode.INVALID_EMAIL_ADDRESS, "Email address format is invalid.");
        }
        if (email != null && taken("email", email, selfId, true)) {
            throw new ParseException(ParseErrorCode.EMAIL_TAKEN, "Account already exists for this email address.");
        }
    }

    /** Usernames and emails compare case-insensitively, as Parse Server's collated indexes do. */
    private boolean taken(String field, String value, String selfId, boolean ignoreCase) {
        Predicate same = ignoreCase
                ? new Predicate.Field(field, new Constraint.Regex("^" + Pattern.quote(value) + "$", "i"))
                : new Predicate.Field(field, new Constraint.Compare(Constraint.Comparison.EQ,
                        Json.mapper().getNodeFactory().textNode(value)));
        Predicate where = selfId == null ? same : new Predicate.And(List.of(same, new Predicate.Field("objectId",
                new Constraint.Compare(Constraint.Comparison.NE, Json.mapper().getNodeFactory().textNode(selfId)))));
        return !storage.find(new StorageQuery(schemas.schemaOrEmpty(SystemClasses.USER), where, null, List.of(), 0, 1,
                null)).isEmpty();
    }

    static String text(FieldOp op) {
        return op instanceof FieldOp.Set s && s.value().isTextual() ? s.value().asText() : null;
    }

    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String randomName() {
        char[] name = new char[25];
        for (int i = 0; i < name.length; i++) {
            name[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
        }
        return new String(name);
    }
}
