package org.sightline.command.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ietf.jgss.GSSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.security.kerberos.authentication.KerberosTicketValidation;
import org.springframework.security.kerberos.authentication.sun.SunJaasKerberosTicketValidator;
import org.springframework.stereotype.Component;

/**
 * Validates the Kerberos tickets that browsers send as SPNEGO ({@code Authorization:
 * Negotiate ...}), with the service's keytab; it never talks to a KDC.
 *
 * <p>Configured by {@code sightline.kerberos.service-principal} (e.g.
 * {@code HTTP/console.example.com@EXAMPLE.COM}), {@code sightline.kerberos.keytab} (a file
 * path) and, optionally, {@code sightline.kerberos.krb5-conf}. Without a principal or a keytab
 * (the default) it is disabled and refuses every token. A keytab that holds no key for the
 * principal stops the start.
 *
 * <p>{@link #validate} blocks (JAAS and GSS-API) and is safe to call from many threads at
 * once; callers run it off the event loop ({@code Schedulers.boundedElastic()}). The JDK's
 * in-memory replay cache stays on: a token presented twice is refused, distinct tokens from
 * the same user in quick succession are not.
 *
 * <p>NOTE: The JDK reads its Kerberos configuration once per process. When
 * {@code sightline.kerberos.krb5-conf} is given it becomes {@code java.security.krb5.conf} and
 * is read again at this component's keytab login, which affects every Kerberos user in the
 * JVM. The acceptable clock skew is that file's {@code clockskew} (seconds, default 300).
 */
@Component
public class Spnego {

    /** What became of one token. */
    public sealed interface Outcome {

        /**
         * The ticket is genuine and fresh.
         *
         * @param principal the client, with its realm ({@code alice@EXAMPLE.COM})
         * @param responseToken base64 token for {@code WWW-Authenticate: Negotiate}, or null
         */
        record Accepted(String principal, String responseToken) implements Outcome {
        }

        /** The client's clock is further from ours than the allowed skew. */
        record ClockSkew(String detail) implements Outcome {
        }

        /** Anything else: unreadable, not Kerberos, for another service, expired, replayed. */
        record BadTicket(String detail) implements Outcome {
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Spnego.class);
    private static final String KRB5_CONF_PROPERTY = "java.security.krb5.conf";
    /** RFC 4120 KRB_AP_ERR_SKEW; the JDK names Kerberos errors "Message text (code)". */
    private static final int KRB_AP_ERR_SKEW = 37;
    private static final Pattern KERBEROS_CODE = Pattern.compile("\\((\\d+)\\)\\s*$");
    private static final int MAX_DETAIL = 160;

    private final SunJaasKerberosTicketValidator validator;
    private final String realm;

    public Spnego(@Value("${sightline.kerberos.service-principal:}") String servicePrincipal,
            @Value("${sightline.kerberos.keytab:}") String keytab,
            @Value("${sightline.kerberos.krb5-conf:}") String krb5Conf) {
        if (isBlank(servicePrincipal) || isBlank(keytab)) {
            this.validator = null;
            this.realm = null;
            return;
        }
        int at = servicePrincipal.lastIndexOf('@');
        if (at < 0 || at == servicePrincipal.length() - 1) {
            throw new IllegalStateException("sightline.kerberos.service-principal names its"
                    + " realm, such as HTTP/support.example.com@EXAMPLE.COM");
        }
        this.realm = servicePrincipal.substring(at + 1);

        boolean ownConfig = !isBlank(krb5Conf);
        if (ownConfig) {
            useKrb5Conf(Path.of(krb5Conf));
        }
        this.validator = login(servicePrincipal, Path.of(keytab), ownConfig);
        LOG.info("SPNEGO enabled for {} with keytab {}", servicePrincipal, keytab);
    }

    /** The realm of the service principal; its users are the ones who sign in by ticket. */
    public String realm() {
        return realm;
    }

    /** True when a service principal and its keytab are configured. */
    public boolean enabled() {
        return validator != null;
    }

    /**
     * Validates one SPNEGO token; throws nothing for bad input.
     *
     * @param negotiateHeaderValue the base64 text after {@code "Negotiate "}; may be null
     */
    public Outcome validate(String negotiateHeaderValue) {
        if (validator == null) {
            return new Outcome.BadTicket("Kerberos is not configured");
        }
        if (negotiateHeaderValue == null || negotiateHeaderValue.isBlank()) {
            return new Outcome.BadTicket("empty token");
        }
        byte[] token;
        try {
            token = Base64.getDecoder().decode(negotiateHeaderValue.strip());
        } catch (IllegalArgumentException notBase64) {
            return new Outcome.BadTicket("token is not base64");
        }
        if (token.length == 0) {
            return new Outcome.BadTicket("empty token");
        }

        try {
            KerberosTicketValidation validation = validator.validateTicket(token);
            byte[] response = validation.responseToken();
            String encoded = response == null || response.length == 0
                    ? null : Base64.getEncoder().encodeToString(response);
            return new Outcome.Accepted(validation.username(), encoded);
        } catch (RuntimeException refused) {
            LOG.debug("SPNEGO token refused", refused);
            return classify(refused);
        }
    }

    private static Outcome classify(RuntimeException refused) {
        GSSException gss = find(refused, GSSException.class);
        if (gss == null) {
            return new Outcome.BadTicket(shorten("unreadable token: " + rootMessage(refused)));
        }
        String minor = gss.getMinorString();
        String detail = isBlank(minor) ? gss.getMajorString() : minor;
        if (kerberosCode(gss) == KRB_AP_ERR_SKEW) {
            return new Outcome.ClockSkew(shorten(detail));
        }
        return new Outcome.BadTicket(shorten(detail));
    }

    /**
     * The RFC 4120 error code behind a GSS failure, or -1. The JDK gives GSS minor code -1
     * for Kerberos errors and keeps the code only in the text of its internal cause, as
     * "Clock skew too great (37)".
     */
    private static int kerberosCode(GSSException gss) {
        for (Throwable cause = gss; cause != null; cause = cause.getCause()) {
            String text = cause == gss ? gss.getMinorString() : cause.getMessage();
            Matcher code = KERBEROS_CODE.matcher(text == null ? "" : text);
            if (code.find()) {
                return Integer.parseInt(code.group(1));
            }
        }
        return -1;
    }

    private static SunJaasKerberosTicketValidator login(String principal, Path keytab,
            boolean refreshConfig) {
        if (!Files.isReadable(keytab)) {
            throw new IllegalStateException("sightline.kerberos.keytab " + keytab
                    + " is not a readable file");
        }
        SunJaasKerberosTicketValidator validator = new SunJaasKerberosTicketValidator();
        validator.setServicePrincipal(principal);
        validator.setKeyTabLocation(new FileSystemResource(keytab));
        // Krb5LoginModule's documented refreshKrb5Config: the file named above is read now
        // even if some other code in this JVM made the JDK read another one first.
        validator.setRefreshKrb5Config(refreshConfig);
        try {
            validator.afterPropertiesSet();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot log in as " + principal + " with keytab "
                    + keytab + ": " + rootMessage(e), e);
        }
        return validator;
    }

    private static void useKrb5Conf(Path krb5Conf) {
        if (!Files.isReadable(krb5Conf)) {
            throw new IllegalStateException("sightline.kerberos.krb5-conf " + krb5Conf
                    + " is not a readable file");
        }
        String previous = System.getProperty(KRB5_CONF_PROPERTY);
        String wanted = krb5Conf.toString();
        if (previous != null && !previous.equals(wanted)) {
            LOG.warn("Replacing {}={} by {}", KRB5_CONF_PROPERTY, previous, wanted);
        }
        System.setProperty(KRB5_CONF_PROPERTY, wanted);
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    private static String shorten(String detail) {
        String oneLine = detail.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
