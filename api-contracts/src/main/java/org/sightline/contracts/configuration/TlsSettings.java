package org.sightline.contracts.configuration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The site's TLS settings. {@code tls.protocols} and {@code tls.ciphers} are comma-separated
 * lists an admin sets; {@code tls.certificate} and {@code tls.csr} are recorded by the
 * certificate steps (import, signing request) and not set directly.
 *
 * <p>Protocols: unset or empty means {@link #DEFAULT_PROTOCOLS}. Cipher suites: in the
 * server's order of preference, by their IANA names as the JVM spells them
 * ({@code TLS_AES_128_GCM_SHA256}, {@code TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384}); a suite
 * not listed is off; unset or empty means the JVM's default suites in the JVM's order.
 */
public final class TlsSettings {

    public static final String PROTOCOLS = "tls.protocols";
    public static final String CIPHERS = "tls.ciphers";
    public static final String CERTIFICATE = "tls.certificate";
    public static final String CSR = "tls.csr";

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsSettings() {
    }

    /**
     * The protocols the value names, in its order; fails naming one not in {@code servable}
     * (the protocols the JVM may use).
     */
    public static List<String> parseProtocols(String value, List<String> servable) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PROTOCOLS;
        }
        List<String> protocols = names(PROTOCOLS, value);
        for (String protocol : protocols) {
            if (!servable.contains(protocol)) {
                throw new IllegalArgumentException(PROTOCOLS + ": " + protocol + " is not a"
                        + " protocol this server may use; it may use " + servable
                        + " (older ones are switched off by the JVM's jdk.tls.disabledAlgorithms)");
            }
        }
        return protocols;
    }

    /**
     * The cipher suites the value names, in its order (the server's preference); empty for
     * the JVM's defaults. Fails naming a suite not in {@code supported} (the JVM's suites).
     */
    public static List<String> parseCiphers(String value, List<String> supported) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> ciphers = names(CIPHERS, value);
        for (String cipher : ciphers) {
            if (!supported.contains(cipher)) {
                throw new IllegalArgumentException(CIPHERS + ": " + cipher + " is not a cipher"
                        + " suite of this JVM; use IANA names such as TLS_AES_128_GCM_SHA256");
            }
        }
        return ciphers;
    }

    private static List<String> names(String setting, String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(setting + ": an empty name in the list");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(setting + " names " + name + " twice");
            }
        }
        return new ArrayList<>(names);
    }
}
