package io.heliobase.server.users.email;

/** Sends one plain-text email. Implementations: SMTP, and the log for development. */
public sealed interface Mailer permits SmtpMailer, LogMailer {

    /** An email to send. */
    record Message(String to, String subject, String text) {
    }

    void send(Message message);
}
