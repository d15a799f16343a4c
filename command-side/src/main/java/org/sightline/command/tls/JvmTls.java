package org.sightline.command.tls;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.sightline.contracts.configuration.TlsSettings;

/** What this JVM's TLS (SunJSSE) can serve, to check the {@code tls.*} settings against. */
public final class JvmTls {

    private JvmTls() {
    }

    /** The protocols the JVM has not switched off (jdk.tls.disabledAlgorithms). */
    public static List<String> servableProtocols() {
        return List.of(context().getDefaultSSLParameters().getProtocols());
    }

    /** Every cipher suite the JVM knows. */
    public static List<String> supportedCiphers() {
        return List.of(context().getSupportedSSLParameters().getCipherSuites());
    }

    public static List<String> protocols(String value) {
        return TlsSettings.parseProtocols(value, servableProtocols());
    }

    public static List<String> ciphers(String value) {
        return TlsSettings.parseCiphers(value, supportedCiphers());
    }

    private static SSLContext context() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no TLS", e);
        }
    }
}
