package org.sightline.projections.alert;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sightline.mail.*}: the SMTP server that mail alerts go through. Which events alert,
 * and to whom, are site settings ({@code alerts.mail.events}, {@code alerts.mail.recipients})
 * that admins change; this is only the way out.
 *
 * @param host the SMTP server's name or address; absent: no mail alerts at all
 * @param port default 465 for {@code tls}, 25 for {@code none}, 587 otherwise
 * @param security default {@code tls} on port 465, {@code starttls} otherwise
 * @param username absent: no authentication
 * @param password required with a username; never logged, never recorded. Give it by the
 *     environment ({@code SIGHTLINE_MAIL_PASSWORD}), not in a file under version control
 * @param from the sender address, required
 * @param caFile PEM file of the CAs that may sign the server's certificate; absent: the
 *     JVM's own trust store
 * @param timeout for connecting, the TLS handshake and each reply; default 10 seconds
 * @param minInterval the least time between two mails; alerts that arrive faster wait and go
 *     together in one mail. Default 5 seconds
 * @param heloName the name this side gives in EHLO; absent: this machine's name as the kernel
 *     has it (no name service is asked)
 */
@ConfigurationProperties("sightline.mail")
public record MailSettings(String host, Integer port, Security security, String username,
        String password, String from, String caFile, Duration timeout, Duration minInterval,
        String heloName) {

    /** How the connection to the SMTP server is protected. */
    public enum Security {
        /** Plain text; only when an admin chooses it, and never with a password. */
        NONE,
        /** Plain at first, then STARTTLS, which the server must offer. */
        STARTTLS,
        /** TLS from the first byte (SMTPS, usually port 465). */
        TLS
    }

    public MailSettings {
        host = host == null || host.isBlank() ? null : host.trim();
        security = security != null ? security
                : port != null && port == 465 ? Security.TLS : Security.STARTTLS;
        port = port != null ? port : switch (security) {
            case TLS -> 465;
            case NONE -> 25;
            case STARTTLS -> 587;
        };
        username = username == null || username.isBlank() ? null : username;
        password = password == null || password.isEmpty() ? null : password;
        caFile = caFile == null || caFile.isBlank() ? null : caFile;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        minInterval = minInterval == null ? Duration.ofSeconds(5) : minInterval;
        if (host != null) {
            refuseWhatCannotWork(port, security, username, password, from, timeout);
        }
    }

    private static void refuseWhatCannotWork(int port, Security security, String username,
            String password, String from, Duration timeout) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("sightline.mail.port is 1 to 65535");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("sightline.mail.username and .password go"
                    + " together");
        }
        if (security == Security.NONE && password != null) {
            throw new IllegalArgumentException("sightline.mail.security=none sends in plain"
                    + " text: a password is never sent that way; choose starttls or tls");
        }
        if (from == null || !from.matches("[^\\s<>@,;\"]+@[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("sightline.mail.from must be a plain address"
                    + " such as sightline@example.org");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sightline.mail.timeout must be positive");
        }
    }

    public boolean enabled() {
        return host != null;
    }

    /** For logs and the configuration record: no user name, no password. */
    public String describe() {
        if (!enabled()) {
            return "none";
        }
        return security.name().toLowerCase(java.util.Locale.ROOT) + "://" + host + ":" + port
                + " from " + from + (username == null ? "" : " with authentication")
                + (caFile == null ? "" : " trusting " + caFile);
    }

    @Override
    public String toString() {
        return "MailSettings[" + describe() + "]";
    }
}
