package org.sightline.projections.alert;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.sightline.projections.alert.MailSettings.Security;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through one SMTP server with Jakarta Mail, a new connection for each mail.
 *
 * <p>With {@code starttls} and {@code tls} the server's certificate must chain to a trusted
 * CA (the configured CA file, or the JVM's trust store) and name the configured host; with
 * {@code starttls} a server that does not offer STARTTLS gets nothing. Only {@code none} sends
 * in plain text, and never with a password ({@link MailSettings} refuses that).
 */
final class SmtpMailer implements Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);

    private final MailSettings settings;
    private final Session session;
    private final InternetAddress from;

    SmtpMailer(MailSettings settings, String heloName) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings, heloName));
        try {
            this.from = new InternetAddress(settings.from(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("sightline.mail.from: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(List<String> recipients, AlertMail mail) throws IOException {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO,
                    InternetAddress.parse(String.join(",", recipients), true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.text(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            // RFC 3834: no vacation or out-of-office replies to an automatic message.
            message.setHeader("Auto-Submitted", "auto-generated");
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(settings.host(), settings.port(), settings.username(),
                        settings.password());
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (SendFailedException e) {
            Address[] sent = e.getValidSentAddresses();
            if (sent == null || sent.length == 0) {
                throw new IOException(describe(e), e);
            }
            // Delivered to the others: a recipient the server refuses (a mailbox gone, say)
            // must not hold every later alert back. The admin is told which and why.
            LOG.warn("Mail alerts: {} refused {} of the recipients, the others have the alert:"
                    + " {}", settings.host(), Arrays.toString(e.getInvalidAddresses()),
                    refusals(e));
        } catch (MessagingException e) {
            throw new IOException(describe(e), e);
        }
    }

    /** The server's answer to each refused recipient, on one line. */
    private static String refusals(SendFailedException e) {
        List<String> answers = new ArrayList<>();
        for (Exception next = e.getNextException(); next != null;
                next = next instanceof MessagingException m ? m.getNextException() : null) {
            answers.add(next.getMessage().strip().replaceAll("\\s+", " "));
        }
        return String.join("; ", answers);
    }

    /** The server's refusal or the connection's failure, and its cause, on one line. */
    private static String describe(MessagingException e) {
        Throwable cause = e.getCause();
        return e.getMessage().strip().replaceAll("\\s+", " ")
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static Properties properties(MailSettings settings, String heloName) {
        Properties mail = new Properties();
        String timeout = Long.toString(settings.timeout().toMillis());
        mail.put("mail.smtp.connectiontimeout", timeout);
        mail.put("mail.smtp.timeout", timeout);
        mail.put("mail.smtp.writetimeout", timeout);
        // Without these, Jakarta Mail asks the name service for this machine's name.
        mail.put("mail.smtp.localhost", heloName);
        mail.put("mail.from", settings.from());
        // Mail the recipients the server accepts even when it refuses some.
        mail.put("mail.smtp.sendpartial", "true");
        mail.put("mail.smtp.auth", Boolean.toString(settings.username() != null));
        if (settings.security() != Security.NONE) {
            mail.put("mail.smtp.ssl.socketFactory", socketFactory(settings));
            mail.put("mail.smtp.ssl.checkserveridentity", "true");
            mail.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        }
        if (settings.security() == Security.STARTTLS) {
            mail.put("mail.smtp.starttls.enable", "true");
            mail.put("mail.smtp.starttls.required", "true");
        }
        if (settings.security() == Security.TLS) {
            mail.put("mail.smtp.ssl.enable", "true");
        }
        return mail;
    }

    private static SSLSocketFactory socketFactory(MailSettings settings) {
        try {
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(settings.caFile() == null ? null : caStore(Path.of(settings.caFile())));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("sightline.mail.ca-file cannot be used: "
                    + e.getMessage(), e);
        }
    }

    /** Every certificate of a PEM file, as trusted CAs. */
    private static KeyStore caStore(Path file) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(file)) {
            int n = 0;
            for (Certificate certificate
                    : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IOException(file + " holds no certificate");
            }
        }
        return store;
    }
}
