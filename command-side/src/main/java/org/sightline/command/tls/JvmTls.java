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

    /**
     * Refuses protocols and suites that leave a protocol with no suite of its own: a TLS 1.3
     * suite ({@code TLS_AES_...}, {@code TLS_CHACHA20_...}) serves only TLS 1.3, a
     * {@code ..._WITH_...} suite only TLS 1.2. Such a pair would shut every client out.
     *
     * @param ciphers empty for the JVM's defaults, which serve every protocol
     */
    public static void requireHandshake(List<String> protocols, List<String> ciphers) {
        if (ciphers.isEmpty()) {
            return;
        }
        for (String protocol : protocols) {
            boolean tls13 = protocol.equals("TLSv1.3");
            if (ciphers.stream().noneMatch(suite -> suite.contains("_WITH_") != tls13)) {
                throw new IllegalArgumentException(protocol + " would have no cipher suite:"
                        + " tls.ciphers names none for it (" + (tls13
                        ? "TLS 1.3 suites are TLS_AES_... and TLS_CHACHA20_..."
                        : "TLS 1.2 suites are ..._WITH_...") + "); change both settings so"
                        + " that each protocol keeps one");
            }
        }
    }

    private static SSLContext context() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no TLS", e);
        }
    }
}
