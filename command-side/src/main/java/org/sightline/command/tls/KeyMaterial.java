package org.sightline.command.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Key pairs, signing requests, certificates and their PEM text, with the JDK and BC. */
final class KeyMaterial {

    /** A DNS name, lower case, optionally a wildcard's "*." in front. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private KeyMaterial() {
    }

    /** The key types a signing request may ask for. */
    enum KeyType {
        /** ECDSA on P-256: small and fast, accepted by every current CA and browser. */
        EC,
        /** RSA with 3072-bit keys, for clients or CAs that need RSA. */
        RSA
    }

    static KeyPair newKeyPair(KeyType type) {
        try {
            if (type == KeyType.RSA) {
                KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(3072);
                return rsa.generateKeyPair();
            }
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            return ec.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make " + type + " keys", e);
        }
    }

    /**
     * A DNS name as certificates hold it (lower case); fails with the rule it breaks. Names
     * are ASCII: an internationalised name is given in its A-label form ({@code xn--...}),
     * since lower-casing other scripts could turn one name into another. No CA issues a DNS
     * name for an IP address, nor a wildcard over a whole top-level domain.
     */
    static String dnsName(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (!trimmed.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("names: '" + name + "' is not ASCII; give an"
                    + " internationalised name in its A-label form (xn--...)");
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.length() > 253 || !DNS_NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException("names: '" + name + "' is not a DNS name (letters,"
                    + " digits and '-' in dot-separated labels, optionally starting with *.)");
        }
        String[] labels = lower.split("\\.");
        if (labels.length > 1 && labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("names: '" + name + "' is an IP address, not a"
                    + " DNS name");
        }
        if (lower.startsWith("*.") && labels.length < 3) {
            throw new IllegalArgumentException("names: '" + name + "' would cover a whole"
                    + " top-level domain; a wildcard needs two labels after *.");
        }
        return lower;
    }

    static X500Name subject(String commonName, String organization) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        if (organization != null && !organization.isBlank()) {
            name.addRDN(BCStyle.O, organization.trim());
        }
        return name.addRDN(BCStyle.CN, commonName).build();
    }

    /** A PKCS#10 request for {@code subject} naming {@code names} as DNS alternative names. */
    static String signingRequest(KeyPair keys, X500Name subject, List<String> names) {
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, dnsNames(names));
            PKCS10CertificationRequest request =
                    new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                            .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                                    extensions.generate())
                            .build(signer(keys.getPrivate()));
            return pem("CERTIFICATE REQUEST", request.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A certificate for {@code keys} signed by themselves, for DNS names and IP literals. */
    static X509Certificate selfSigned(KeyPair keys, List<String> names, Instant now,
            Duration validity) {
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            boolean literal = name.matches("[0-9.]+") || name.contains(":");
            alternatives.add(new GeneralName(literal ? GeneralName.iPAddress : GeneralName.dNSName,
                    name));
        }
        X500Name subject = subject(names.get(0), "Sightline (self-signed)");
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, new SecureRandom()), Date.from(now.minusSeconds(300)),
                    Date.from(now.plus(validity)), subject, keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(signer(keys.getPrivate())));
        } catch (CertIOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot make the self-signed certificate", e);
        }
    }

    private static GeneralNames dnsNames(List<String> names) {
        return new GeneralNames(names.stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new));
    }

    private static ContentSigner signer(PrivateKey key) {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaContentSignerBuilder(algorithm).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + algorithm, e);
        }
    }

    /** The certificates in PEM text, in their order; fails when there is none or junk. */
    static List<X509Certificate> certificates(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("chain: PEM text with one certificate at least"
                    + " (-----BEGIN CERTIFICATE-----), the site's own first");
        }
        try {
            Collection<? extends java.security.cert.Certificate> parsed =
                    CertificateFactory.getInstance("X.509").generateCertificates(
                            new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> chain = new ArrayList<>();
            for (java.security.cert.Certificate certificate : parsed) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("chain: not readable as PEM certificates: "
                    + e.getMessage(), e);
        }
    }

    static String pem(List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : chain) {
            try {
                text.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateException e) {
                throw new IllegalStateException("cannot encode a certificate", e);
            }
        }
        return text.toString();
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The DNS and IP alternative names of a certificate, lower case. */
    static List<String> alternativeNames(X509Certificate certificate) {
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            List<String> names = new ArrayList<>();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    int kind = (Integer) entry.get(0);
                    if (kind == SAN_DNS || kind == SAN_IP) {
                        names.add(entry.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
            return names;
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("the certificate's alternative names cannot be"
                    + " read: " + e.getMessage(), e);
        }
    }

    /** Whether a certificate name (perhaps "*.example.org") covers a DNS name. */
    static boolean covers(String certificateName, String name) {
        if (certificateName.equals(name)) {
            return true;
        }
        if (!certificateName.startsWith("*.") || name.startsWith("*.")) {
            return false;
        }
        int dot = name.indexOf('.');
        return dot > 0 && name.substring(dot + 1).equals(certificateName.substring(2));
    }

    /** SHA-256 of a public key's encoding (its SubjectPublicKeyInfo), in hex. */
    static String keyId(PublicKey key) {
        return sha256(key.getEncoded());
    }

    /** SHA-256 of a certificate's DER encoding, in hex: what browsers call its fingerprint. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return sha256(certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    /** A hex fingerprint as openssl prints it: upper case, pairs separated by colons. */
    static String colons(String hex) {
        return hex.toUpperCase(Locale.ROOT).replaceAll("(..)(?!$)", "$1:");
    }

    static PrivateKey privateKey(String algorithm, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(
                    new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored TLS key cannot be read", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
