package io.heliobase.server.users.email;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.BiFunction;

/**
 * {@code POST /verificationEmailRequest}, {@code POST /requestPasswordReset}, and the pages their links open:
 * {@code /apps/:appId/verify_email} and {@code /apps/:appId/request_password_reset} (a form, then its post).
 */
public final class AccountPagesService implements ParseRouter.Routes {
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
            "X-Frame-Options", "DENY", "Cache-Control", "no-store", "Referrer-Policy", "no-referrer");

    private final AccountEmails emails;
    private final String appId;
    /** Checks a new password against the policy for a stored user and returns the fields that set it. */
    private final BiFunction<String, ObjectNode, ObjectNode> passwordChange;
    /** Ends every session of a user (by id). */
    private final Consumer<String> revokeSessions;

    public AccountPagesService(AccountEmails emails, String appId,
                               BiFunction<String, ObjectNode, ObjectNode> passwordChange,
                               Consumer<String> revokeSessions) {
        this.emails = emails;
        this.appId = appId;
        this.passwordChange = passwordChange;
        this.revokeSessions = revokeSessions;
    }

    @Override
    public void routes(ParseRouter router) {
        router.post("/verificationEmailRequest", this::verificationEmailRequest)
                .post("/requestPasswordReset", this::requestPasswordReset)
                .getOpen("/apps/{appId}/verify_email", this::verifyEmail)
                .getOpen("/apps/{appId}/request_password_reset", this::resetForm)
                .postOpenForm("/apps/{appId}/request_password_reset", this::resetSubmit);
    }

    private ParseResponse verificationEmailRequest(ParseRequest req) {
        emails.requestVerification(requireEmail(req.body()));
        return ParseResponse.empty();
    }

    private ParseResponse requestPasswordReset(ParseRequest req) {
        emails.requestPasswordReset(requireEmail(req.body()));
        return ParseResponse.empty();
    }

    private static String requireEmail(ObjectNode body) {
        String email = body.path("email").asText(null);
        if (email == null || email.isEmpty()) {
            throw new ParseException(ParseErrorCode.EMAIL_MISSING, "you must provide an email");
        }
        return email;
    }

    private ParseResponse verifyEmail(ParseRequest req) {
        if (!appId.equals(req.param("appId"))) {
            return page(404, "Not found", "This link is not valid.");
        }
        String token = req.query().path("token").asText("");
        return emails.verify(token)
                ? page(200, "Email verified", "Your email address has been verified. You can close this page.")
                : page(400, "Invalid link", "This verification link is invalid or has expired.");
    }

    private ParseResponse resetForm(ParseRequest req) {
        String token = req.query().path("token").asText("");
        if (!appId.equals(req.param("appId")) || emails.resetTokenUser(token).isEmpty()) {
            return page(400, "Invalid link", "This password reset link is invalid or has expired.");
        }
        String form = "<form method=\"post\"><input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">"
                + "<label>New password <input type=\"password\" name=\"new_password\" autocomplete=\"new-password\""
                + " required></label> <button type=\"submit\">Set password</button></form>";
        return html(200, "Choose a new password", form);
    }

    private ParseResponse resetSubmit(ParseRequest req) {
        Map<String, String> form = parseForm(new String(req.rawBody(), StandardCharsets.UTF_8));
        String token = form.getOrDefault("token", "");
        String password = form.getOrDefault("new_password", "");
        Optional<ObjectNode> user = appId.equals(req.param("appId")) ? emails.resetTokenUser(token) : Optional.empty();
        if (user.isEmpty()) {
            return page(400, "Invalid link", "This password reset link is invalid or has expired.");
        }
        ObjectNode fields;
        try {
            fields = passwordChange.apply(password, user.get());
        } catch (ParseException refused) {
            return page(400, "Password not accepted", refused.getMessage());
        }
        String userId = emails.completeReset(user.get(), fields);
        if (emails.settings().revokeSessionOnPasswordReset()) {
            revokeSessions.accept(userId);
        }
        return page(200, "Password changed", "Your password has been changed. You can close this page.");
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private ParseResponse page(int status, String title, String message) {
        return html(status, title, "<p>" + escape(message) + "</p>");
    }

    private ParseResponse html(int status, String title, String body) {
        String page = "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width\"><title>" + escape(title) + "</title></head><body style=\""
                + "font-family:sans-serif;max-width:32em;margin:4em auto\"><h1>" + escape(title) + "</h1>" + body
                + "<p><small>" + escape(emails.settings().appName()) + "</small></p></body></html>";
        return ParseResponse.raw(status, page.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8",
                PAGE_HEADERS);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

}
