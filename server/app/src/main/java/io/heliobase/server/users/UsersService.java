package io.heliobase.server.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.Constraint;
import io.heliobase.core.query.Predicate;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import io.heliobase.server.data.DataService;
import io.heliobase.server.http.MasterKeyRequired;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import io.heliobase.server.sessions.SessionStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** {@code /users}, {@code /login}, {@code /logout}, {@code /users/me}, {@code /loginAs}, {@code /verifyPassword}. */
public final class UsersService implements ParseRouter.Routes {
    private static final String INVALID_LOGIN = "Invalid username/password.";

    private final DataService data;
    private final StorageAdapter storage;
    private final SessionStore sessions;
    private final Supplier<String> serverUrl;

    private final boolean preventUnverifiedLogin;
    private final AuthData authData;
    private final PasswordRules passwords;

    public UsersService(DataService data, SessionStore sessions, Supplier<String> serverUrl,
                        boolean preventUnverifiedLogin, AuthData authData, PasswordRules passwords) {
        this.passwords = passwords;
        this.preventUnverifiedLogin = preventUnverifiedLogin;
        this.authData = authData;
        this.data = data;
        this.storage = data.storage();
        this.sessions = sessions;
        this.serverUrl = serverUrl;
    }

    @Override
    public void routes(ParseRouter router) {
        router.post("/users", this::signUp)
                .get("/users", req -> ParseResponse.ok(data.find(req.caller(), SystemClasses.USER, req.findParams())))
                .get("/users/me", this::me)
                .get("/users/{objectId}", req -> ParseResponse.ok(data.get(req.caller(), SystemClasses.USER,
                        req.param("objectId"), req.findParams())))
                .put("/users/{objectId}", req -> ParseResponse.ok(data.update(req.caller(), SystemClasses.USER,
                        req.param("objectId"), req.body())))
                .delete("/users/{objectId}", req -> {
                    data.delete(req.caller(), SystemClasses.USER, req.param("objectId"));
                    return ParseResponse.empty();
                })
                .post("/login", this::logIn)
                .get("/login", this::logIn)
                .post("/logout", this::logOut)
                .post("/loginAs", this::logInAs)
                .get("/verifyPassword", this::verifyPassword)
                .post("/verifyPassword", this::verifyPassword);
    }

    private ParseResponse signUp(ParseRequest req) {
        JsonNode authData = req.body().get("authData");
        if (authData != null && authData.isObject() && authData.size() == 1 && !req.body().has("password")) {
            // Parse.User.logInWith: an account already linked to this provider id logs in; otherwise one is created
            AuthData.Identity identity = this.authData.signInIdentity(authData);
            Optional<ObjectNode> existing = findUser("authData." + identity.provider() + ".id", identity.id());
            if (existing.isPresent()) {
                return ParseResponse.ok(session(existing.get(), "login", identity.provider(), req));
            }
        }
        DataService.Created created = data.create(req.caller(), SystemClasses.USER, req.body(),
                req.header("x-parse-installation-id").orElse(null));
        return ParseResponse.created(created.body(), serverUrl.get() + "/users/" + created.objectId());
    }

    private ParseResponse me(ParseRequest req) {
        Caller.User user = requireUser(req.caller());
        ObjectNode me = data.get(user, SystemClasses.USER, user.userId(), Json.object());
        me.put("sessionToken", user.sessionToken());
        return ParseResponse.ok(me);
    }

    private ParseResponse logIn(ParseRequest req) {
        ObjectNode params = req.findParams();
        ObjectNode user = checkPassword(params);
        if (preventUnverifiedLogin && !user.path("emailVerified").asBoolean(false)) {
            throw new ParseException(ParseErrorCode.EMAIL_NOT_FOUND, "User email is not verified.");
        }
        return ParseResponse.ok(session(user, "login", "password", req));
    }

    private ParseResponse verifyPassword(ParseRequest req) {
        ObjectNode user = checkPassword(req.findParams());
        return ParseResponse.ok(view(user));
    }

    private ObjectNode checkPassword(ObjectNode params) {
        String username = UserRules.text(params.get("username"));
        String email = UserRules.text(params.get("email"));
        String password = UserRules.text(params.get("password"));
        if (username == null && email == null) {
            throw new ParseException(ParseErrorCode.USERNAME_MISSING, "username/email is required.");
        }
        if (password == null) {
            throw new ParseException(ParseErrorCode.PASSWORD_MISSING, "password is required.");
        }
        Optional<ObjectNode> user = username != null ? findUser("username", username) : findUser("email", email);
        if (user.isEmpty()) {
            throw new ParseException(ParseErrorCode.OBJECT_NOT_FOUND, INVALID_LOGIN);
        }
        passwords.checkLoginAllowed(user.get());
        var schema = data.schemas().schemaOrEmpty(SystemClasses.USER);
        if (!Passwords.matches(password, user.get().path("_hashed_password").asText(null))) {
            passwords.recordFailure(storage, schema, user.get());
            throw new ParseException(ParseErrorCode.OBJECT_NOT_FOUND, INVALID_LOGIN);
        }
        passwords.checkPasswordAge(user.get());
        passwords.recordSuccess(storage, schema, user.get());
        return user.get();
    }

    private ParseResponse logOut(ParseRequest req) {
        Caller.User user = requireUser(req.caller());
        if (sessions.revoke(user.sessionToken())) {
            ObjectNode session = Json.object().put("className", SystemClasses.SESSION);
            session.set("user", Json.object().put("__type", "Pointer").put("className", SystemClasses.USER)
                    .put("objectId", user.userId()));
            data.afterEvent("afterLogout", user, SystemClasses.SESSION, session);
        }
        return ParseResponse.empty();
    }

    private ParseResponse logInAs(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "log in as a user");
        String userId = UserRules.text(req.findParams().get("userId"));
        if (userId == null) {
            throw new ParseException(ParseErrorCode.INVALID_VALUE, "userId must not be empty, null, or undefined");
        }
        ObjectNode user = findUser("objectId", userId)
                .orElseThrow(() -> new ParseException(ParseErrorCode.OBJECT_NOT_FOUND, "user not found"));
        return ParseResponse.ok(session(user, "login", "masterkey", req));
    }

    private ObjectNode session(ObjectNode user, String action, String provider, ParseRequest req) {
        String userId = user.path("objectId").asText();
        boolean triggered = !"masterkey".equals(provider); // as in Parse, logInAs runs no login triggers
        if (triggered) {
            data.beforeTrigger("beforeLogin", req.caller(), SystemClasses.USER, view(user));
        }
        String token = sessions.create(userId, action, provider, req.header("x-parse-installation-id").orElse(null));
        ObjectNode response = view(user);
        response.put("sessionToken", token);
        if (triggered) {
            data.afterEvent("afterLogin", new Caller.User(userId, token, Set.of()), SystemClasses.USER, view(user));
        }
        return response;
    }

    /** The user as the user sees themself: no internal fields. */
    private static ObjectNode view(ObjectNode stored) {
        ObjectNode user = stored.deepCopy();
        List<String> internal = new java.util.ArrayList<>();
        user.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("_") || name.equals("password")) {
                internal.add(name);
            }
        });
        internal.forEach(user::remove);
        return user;
    }

    private Optional<ObjectNode> findUser(String field, String value) {
        Predicate where = new Predicate.Field(field, new Constraint.Compare(Constraint.Comparison.EQ,
                Json.mapper().getNodeFactory().textNode(value)));
        List<ObjectNode> found = storage.find(new StorageQuery(data.schemas().schemaOrEmpty(SystemClasses.USER),
                where, null, List.of(), 0, 1, null));
        return found.stream().findFirst();
    }

    private static Caller.User requireUser(Caller caller) {
        if (caller instanceof Caller.User user) {
            return user;
        }
        throw new ParseException(ParseErrorCode.INVALID_SESSION_TOKEN, "Invalid session token");
    }
}
