package org.sightline.command.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.sightline.command.encryption.MasterKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The site's TLS keys and certificates, in the database every node reads. Private keys are
 * sealed with the site's master key; certificates are kept with their chain. Rows are only
 * added: which certificate is served is the setting {@code tls.certificate}.
 */
@Component
public class SiteCertificates {

    /** How long the first start's self-signed certificate is valid. */
    static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(397);

    private final JdbcTemplate jdbc;
    private final MasterKey masterKey;
    private final Clock clock;

    SiteCertificates(JdbcTemplate jdbc, MasterKey masterKey, Clock clock) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    /**
     * A certificate chain the site can serve, with its private key.
     *
     * @param fingerprint SHA-256 of the site's certificate, hex
     * @param chain the site's certificate first, then its issuers
     */
    public record Served(String fingerprint, PrivateKey key, List<X509Certificate> chain,
            boolean selfSigned) {

        public Served {
            chain = List.copyOf(chain);
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }

        public String subject() {
            return certificate().getSubjectX500Principal().getName();
        }

        /** The fingerprint as openssl and browsers print it, {@code AB:CD:...}. */
        public String printedFingerprint() {
            return KeyMaterial.colons(fingerprint);
        }

        /** The value of {@code tls.certificate} that makes this certificate the served one. */
        public String settingValue() {
            return "sha256:" + fingerprint + " " + subject();
        }

        /** The fingerprint a {@code tls.certificate} value names. */
        public static String fingerprintOf(String settingValue) {
            String first = settingValue.split(" ", 2)[0];
            return first.startsWith("sha256:") ? first.substring("sha256:".length()) : first;
        }
    }

    /** A key pair made for a signing request. */
    record SigningRequest(String keyId, String subject, List<String> names, String pem) {

        /** What the setting {@code tls.csr} records: the key's id, the subject, the names. */
        String settingValue() {
            return "key " + keyId + " " + subject + "; DNS:" + String.join(", DNS:", names);
        }
    }

    /**
     * The one self-signed certificate of the site, made now if there is none yet.
     *
     * @param made set to true when this call made it
     */
    public Served selfSigned(List<String> names, boolean[] made) {
        Optional<Served> existing = existingSelfSigned();
        if (existing.isPresent()) {
            return existing.get();
        }
        KeyPair keys = KeyMaterial.newKeyPair(KeyMaterial.KeyType.EC);
        X509Certificate certificate = KeyMaterial.selfSigned(keys, names, clock.instant(),
                SELF_SIGNED_VALIDITY);
        String keyId = storeKey(keys, names, null);
        int inserted = jdbc.update("INSERT INTO tls_certificate (fingerprint, key_id, chain_pem,"
                + " self_signed) VALUES (?, ?, ?, true) ON CONFLICT DO NOTHING",
                KeyMaterial.fingerprint(certificate), keyId, KeyMaterial.pem(List.of(certificate)));
        made[0] = inserted == 1; // else another node made one at the same moment
        return existingSelfSigned().orElseThrow();
    }

    /** The site's self-signed certificate, if one was made. */
    public Optional<Served> existingSelfSigned() {
        return load("self_signed", true);
    }

    /** The stored certificate with this fingerprint, if any. */
    public Optional<Served> byFingerprint(String fingerprint) {
        return load("fingerprint", fingerprint);
    }

    /** The certificate the settings ask for: an imported one, or the site's self-signed. */
    public Optional<Served> wanted(SiteTlsSettings.Wanted wanted) {
        return wanted.certificate() == null ? existingSelfSigned()
                : byFingerprint(wanted.certificate());
    }

    private PrivateKey key(String keyId, String algorithm) {
        List<byte[]> sealed = jdbc.queryForList("SELECT sealed_key FROM tls_key WHERE key_id = ?",
                byte[].class, keyId);
        byte[] pkcs8 = masterKey.open(sealed.get(0), associated(keyId));
        try {
            return KeyMaterial.privateKey(algorithm, pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private Optional<Served> load(String column, Object value) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT c.fingerprint, c.chain_pem,"
                + " c.self_signed, k.key_id, k.sealed_key FROM tls_certificate c"
                + " JOIN tls_key k ON k.key_id = c.key_id WHERE c." + column + " = ?", value);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        List<X509Certificate> chain = KeyMaterial.certificates((String) row.get("chain_pem"));
        String keyId = (String) row.get("key_id");
        byte[] pkcs8 = masterKey.open((byte[]) row.get("sealed_key"), associated(keyId));
        PrivateKey key = KeyMaterial.privateKey(chain.get(0).getPublicKey().getAlgorithm(), pkcs8);
        Arrays.fill(pkcs8, (byte) 0);
        return Optional.of(new Served((String) row.get("fingerprint"), key, chain,
                (Boolean) row.get("self_signed")));
    }

    /** Makes a key pair and a signing request for it; the key is stored sealed. */
    SigningRequest newSigningRequest(List<String> names, String organization,
            KeyMaterial.KeyType type) {
        KeyPair keys = KeyMaterial.newKeyPair(type);
        X500Name subject = KeyMaterial.subject(names.get(0), organization);
        String pem = KeyMaterial.signingRequest(keys, subject, names);
        String keyId = storeKey(keys, names, pem);
        return new SigningRequest(keyId, subject.toString(), names, pem);
    }

    private String storeKey(KeyPair keys, List<String> names, String csrPem) {
        String keyId = KeyMaterial.keyId(keys.getPublic());
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        jdbc.update("INSERT INTO tls_key (key_id, sealed_key, names, csr_pem) VALUES (?, ?, ?, ?)",
                keyId, masterKey.seal(pkcs8, associated(keyId)), String.join(",", names), csrPem);
        Arrays.fill(pkcs8, (byte) 0);
        return keyId;
    }

    private static String associated(String keyId) {
        return "sightline tls key " + keyId;
    }

    /**
     * Checks a signed certificate with its chain and stores it: the certificate must be for
     * a key this site made for a signing request, name every name asked for, be valid now,
     * and come with every issuer up to a root (the root itself may be left out when the
     * JVM trusts it). Fails with {@link IllegalArgumentException} naming what is wrong.
     */
    Served importChain(String pem, List<String> protocols, List<String> ciphers) {
        List<X509Certificate> chain = KeyMaterial.certificates(pem);
        X509Certificate site = chain.get(0);
        String keyId = KeyMaterial.keyId(site.getPublicKey());
        List<Map<String, Object>> keys = jdbc.queryForList(
                "SELECT names, csr_pem FROM tls_key WHERE key_id = ?", keyId);
        if (keys.isEmpty() || keys.get(0).get("csr_pem") == null) {
            throw new IllegalArgumentException("chain: the first certificate ("
                    + name(site) + ") is not for a key of a signing request this site made;"
                    + " put the site's certificate first, or make a request with"
                    + " POST /api/tls/csr");
        }
        checkValidity(chain);
        checkNames(site, List.of(((String) keys.get(0).get("names")).split(",")));
        List<X509Certificate> complete = checkChain(chain);
        TlsProbe.requireServable(key(keyId, site.getPublicKey().getAlgorithm()), complete,
                protocols, ciphers);

        String fingerprint = KeyMaterial.fingerprint(site);
        jdbc.update("INSERT INTO tls_certificate (fingerprint, key_id, chain_pem) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", fingerprint, keyId, KeyMaterial.pem(complete));
        return byFingerprint(fingerprint).orElseThrow();
    }

    private void checkValidity(List<X509Certificate> chain) {
        Date now = Date.from(clock.instant());
        for (X509Certificate certificate : chain) {
            try {
                certificate.checkValidity(now);
            } catch (CertificateExpiredException e) {
                throw new IllegalArgumentException("chain: " + name(certificate)
                        + " expired at " + certificate.getNotAfter().toInstant(), e);
            } catch (CertificateNotYetValidException e) {
                throw new IllegalArgumentException("chain: " + name(certificate)
                        + " is not valid before " + certificate.getNotBefore().toInstant(), e);
            }
        }
    }

    private static void checkNames(X509Certificate site, List<String> asked) {
        List<String> named = KeyMaterial.alternativeNames(site);
        for (String name : asked) {
            if (named.stream().noneMatch(certificateName -> KeyMaterial.covers(certificateName,
                    name))) {
                throw new IllegalArgumentException("chain: the certificate does not name " + name
                        + ", which the signing request asked for; it names " + named);
            }
        }
    }

    /** The chain, each certificate signed by the next, up to a root; fails where it breaks. */
    private static List<X509Certificate> checkChain(List<X509Certificate> chain) {
        List<X509Certificate> complete = new ArrayList<>(chain);
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            if (i + 1 < chain.size()) {
                X509Certificate issuer = chain.get(i + 1);
                if (!signs(issuer, certificate)) {
                    throw new IllegalArgumentException("chain: incomplete or out of order: "
                            + name(certificate) + " is not signed by the next certificate, "
                            + name(issuer) + "; its issuer is "
                            + certificate.getIssuerX500Principal().getName());
                }
            } else if (!signs(certificate, certificate) && !trustedIssuer(certificate)) {
                throw new IllegalArgumentException("chain: incomplete: the issuer of "
                        + name(certificate) + ", " + certificate.getIssuerX500Principal().getName()
                        + ", is not in the chain; give every certificate from the site's own up"
                        + " to the root");
            }
        }
        return complete;
    }

    private static boolean signs(X509Certificate issuer, X509Certificate certificate) {
        if (!issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean trustedIssuer(X509Certificate certificate) {
        try {
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate root : x509.getAcceptedIssuers()) {
                        if (signs(root, certificate)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM's trusted roots cannot be read", e);
        }
    }

    private static String name(X509Certificate certificate) {
        return "'" + certificate.getSubjectX500Principal().getName() + "'";
    }
}
