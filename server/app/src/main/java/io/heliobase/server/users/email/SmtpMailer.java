package io.heliobase.server.users.email;

import io.heliobase.server.settings.Settings.EmailSettings;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** SMTP through Jakarta Mail (Eclipse Angus), with timeouts so a slow mail server cannot hold a request forever. */
public final class SmtpMailer implements Mailer {
    private final Session session;
    private final String from;

    public SmtpMailer(EmailSettings settings) {
        Properties props = new Properties();
        props.put("mail.smtp.host", settings.smtpHost().orElseThrow());
        props.put("mail.smtp.port", Integer.toString(settings.smtpPort()));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
        props.put("mail.smtp.starttls.enable", Boolean.toString(settings.smtpStartTls()));
        Authenticator auth = null;
        if (settings.smtpUsername().isPresent()) {
            props.put("mail.smtp.auth", "true");
            String user = settings.smtpUsername().get();
            String password = settings.smtpPassword().orElse("");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        this.session = Session.getInstance(props, auth);
        this.from = settings.fromAddress();
    }

    @Override
    public void send(Message message) {
        try {
            MimeMessage mime = new MimeMessage(session);
            mime.setFrom(new InternetAddress(from));
            mime.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(message.to()));
            mime.setSubject(message.subject(), "UTF-8");
            mime.setText(message.text(), "UTF-8");
            Transport.send(mime);
        } catch (MessagingException e) {
            throw new IllegalStateException("could not send email: " + e.getMessage(), e);
        }
    }
}
