package io.heliobase.server.users.email;

/**
 * Development mailer: writes emails to the server log instead of sending them, so verification and reset links can
 * be followed without an SMTP server. It logs the links, which carry one-time tokens: do not use it in production.
 */
public final class LogMailer implements Mailer {
    private static final System.Logger LOG = System.getLogger(LogMailer.class.getName());

    @Override
    public void send(Message message) {
        LOG.log(System.Logger.Level.INFO, "email to " + message.to() + " (log-only mailer; set HELIOBASE_SMTP_HOST to"
                + " send for real)\nSubject: " + message.subject() + "\n\n" + message.text());
    }
}
