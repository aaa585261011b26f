package io.heliobase.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.heliobase.server.support.Api;
import io.heliobase.server.support.ServerProcess;
import io.heliobase.server.support.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Email verification and password reset through a real SMTP server (GreenMail) on loopback. */
class AccountEmailsIT {
    private static final Pattern LINK = Pattern.compile("(http://\\S+)");
    private static GreenMail smtp;
    private static TestServer server;
    private static Api api;

    @BeforeAll
    static void start() {
        int port = ServerProcess.freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        server = TestServer.start(Map.of("HELIOBASE_SMTP_HOST", "127.0.0.1", "HELIOBASE_SMTP_PORT", Integer.toString(port),
                "HELIOBASE_SMTP_STARTTLS", "false", "HELIOBASE_SMTP_FROM", "app@example.com",
                "HELIOBASE_VERIFY_USER_EMAILS", "true", "HELIOBASE_PREVENT_LOGIN_WITH_UNVERIFIED_EMAIL", "true",
                "HELIOBASE_APP_NAME", "Test <App>"));
        api = server.api();
    }

    @AfterAll
    static void stop() {
        server.close();
        smtp.stop();
    }

    private static MimeMessage awaitMailTo(String address) throws jakarta.mail.MessagingException {
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("an email arrived").isTrue();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            if (GreenMailUtil.getAddressList(message.getAllRecipients()).contains(address)) {
                return message;
            }
        }
        throw new AssertionError("no email to " + address);
    }

    private static String linkIn(MimeMessage message) {
        Matcher m = LINK.matcher(GreenMailUtil.getBody(message).replace("=\r\n", ""));
        assertThat(m.find()).isTrue();
        return m.group(1).replace("=3D", "=");
    }

    private static Api.Response open(String link) {
        URI uri = URI.create(link);
        return server.api().without("X-Parse-Application-Id")
                .get(uri.getRawPath().substring("/parse".length()) + "?" + uri.getRawQuery());
    }

    @Test
    void signUpSendsAVerificationLinkAndLoginWaitsForIt() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        Api.Response created = api.post("/users", "{\"username\":\"vera\",\"password\":\"pw\",\"email\":\"vera@example.com\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        MimeMessage mail = awaitMailTo("vera@example.com");
        assertThat(mail.getSubject()).contains("Test <App>");
        String link = linkIn(mail);
        assertThat(link).contains("/apps/test-app/verify_email?token=").doesNotContain("vera");
        Api.Response refused = api.post("/login", "{\"username\":\"vera\",\"password\":\"pw\"}");
        assertThat(refused.code()).isEqualTo(205);
        Api.Response page = open(link);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("verified").contains("Test &lt;App&gt;");
        assertThat(page.raw().headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(open(link).status()).as("a token works once").isEqualTo(400);
        Api.Response login = api.post("/login", "{\"username\":\"vera\",\"password\":\"pw\"}");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.get("emailVerified").asBoolean()).isTrue();
        assertThat(api.post("/verificationEmailRequest", "{\"email\":\"vera@example.com\"}").code()).isEqualTo(-1);
        assertThat(api.post("/verificationEmailRequest", "{\"email\":\"nobody@example.com\"}").code()).isEqualTo(205);
    }

    @Test
    void passwordResetThroughTheEmailedForm() throws Exception {
        api.post("/users", "{\"username\":\"rita\",\"password\":\"old\",\"email\":\"rita@example.com\"}");
        server.master().put("/users/" + server.master().find("_User", "{\"username\":\"rita\"}").get("results").get(0)
                .path("objectId").asText(), "{\"emailVerified\":true}");
        String oldSession = api.post("/login", "{\"username\":\"rita\",\"password\":\"old\"}").get("sessionToken").asText();
        smtp.purgeEmailFromAllMailboxes();
        assertThat(api.post("/requestPasswordReset", "{\"email\":\"nobody@example.com\"}").json().toString()).isEqualTo("{}");
        assertThat(api.post("/requestPasswordReset", "{\"email\":\"rita@example.com\"}").status()).isEqualTo(200);
        String link = linkIn(awaitMailTo("rita@example.com"));
        assertThat(smtp.getReceivedMessages()).as("nothing was sent for the unknown address").hasSize(1);
        Api.Response form = open(link);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.text()).contains("name=\"new_password\"");
        URI uri = URI.create(link);
        String token = uri.getRawQuery().substring("token=".length());
        Api anonymous = server.api().without("X-Parse-Application-Id");
        Api.Response done = anonymous.sendBytes("POST", uri.getRawPath().substring("/parse".length()),
                ("token=" + token + "&new_password=n3w%26pass").getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(api.post("/login", "{\"username\":\"rita\",\"password\":\"old\"}").code()).isEqualTo(101);
        assertThat(api.post("/login", "{\"username\":\"rita\",\"password\":\"n3w&pass\"}").status()).isEqualTo(200);
        assertThat(api.with("X-Parse-Session-Token", oldSession).get("/users/me").code())
                .as("a reset ends the old sessions").isEqualTo(209);
        Api.Response reused = anonymous.sendBytes("POST", uri.getRawPath().substring("/parse".length()),
                ("token=" + token + "&new_password=again").getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        assertThat(reused.status()).isEqualTo(400);
    }
}
