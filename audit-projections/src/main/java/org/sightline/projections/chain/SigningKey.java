package org.sightline.projections.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * An Ed25519 key pair for signing checkpoints, kept in PEM files that OpenSSL reads: the
 * private key as PKCS#8 ({@code FILE}, readable by its owner only) and the public key as
 * SubjectPublicKeyInfo ({@code FILE.pub}).
 *
 * <p>A key is known by its id: the SHA-256 of its public key's DER encoding, in hex.
 */
public final class SigningKey {

    /** id-Ed25519, RFC 8410. */
    private static final ASN1ObjectIdentifier ID_ED25519 =
            new ASN1ObjectIdentifier("1.3.101.112");

    private final Ed25519PrivateKeyParameters privateKey;
    private final PublicKey publicKey;

    private SigningKey(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new PublicKey(privateKey.generatePublicKey());
    }

    /** A public key that verifies checkpoint signatures. */
    public static final class PublicKey {

        private final Ed25519PublicKeyParameters key;
        private final byte[] der;

        PublicKey(Ed25519PublicKeyParameters key) {
            this.key = key;
            try {
                this.der = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key)
                        .getEncoded();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads a public key from its DER (SubjectPublicKeyInfo) encoding. */
        public static PublicKey fromDer(byte[] der) {
            try {
                AsymmetricKeyParameter key = PublicKeyFactory.createKey(der);
                if (!(key instanceof Ed25519PublicKeyParameters ed25519)) {
                    throw new IllegalArgumentException("not an Ed25519 public key");
                }
                return new PublicKey(ed25519);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(
                        "not an Ed25519 public key: " + e.getMessage());
            }
        }

        /** Reads a public key from a PEM file such as the {@code .pub} file of a signing key. */
        public static PublicKey read(Path pem) {
            return fromDer(pemBody(pem, "PUBLIC KEY"));
        }

        public String id() {
            return HexFormat.of().formatHex(Canonical.sha256().digest(der));
        }

        public byte[] der() {
            return der.clone();
        }

        public boolean verifies(byte[] message, byte[] signature) {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, key);
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        }

        public String pem() {
            return SigningKey.pem("PUBLIC KEY", der);
        }
    }

    /**
     * Reads the key in {@code file}, or makes a new one there (and its {@code .pub}) when
     * the file does not exist; {@code created} is called with the new key only.
     */
    public static SigningKey readOrCreate(Path file, Consumer<SigningKey> created) {
        if (Files.exists(file)) {
            return read(file);
        }
        SigningKey key = new SigningKey(new Ed25519PrivateKeyParameters(new SecureRandom()));
        key.write(file);
        created.accept(key);
        return key;
    }

    public static SigningKey read(Path file) {
        try {
            AsymmetricKeyParameter key =
                    PrivateKeyFactory.createKey(pemBody(file, "PRIVATE KEY"));
            if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
                throw new IllegalArgumentException(file + " holds no Ed25519 private key");
            }
            return new SigningKey(ed25519);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the signing key " + file, e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    private void write(Path file) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            // PKCS#8 version 1 without the public key, the form OpenSSL writes and reads.
            byte[] der = new PrivateKeyInfo(
                    new AlgorithmIdentifier(ID_ED25519),
                    new DEROctetString(privateKey.getEncoded())).getEncoded();
            Path temporary = Files.createTempFile(directory, ".signing-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, pem("PRIVATE KEY", der));
            Files.move(temporary, file);
            Files.writeString(Path.of(file + ".pub"), publicKey.pem());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the signing key " + file, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(Path file, String type) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String begin = "-----BEGIN " + type + "-----";
            String end = "-----END " + type + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalArgumentException(file + " holds no PEM " + type);
            }
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
