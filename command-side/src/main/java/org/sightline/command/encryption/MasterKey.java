package org.sightline.command.encryption;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.sightline.contracts.crypto.AesGcm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site's master key: the AES-256 key that wraps every session's data key. It comes from a
 * key file (32 bytes, Base64 on one line) or from an entry of a PKCS#12 keystore. Its id, a
 * digest of the key, is stored beside each wrapped data key so that starting with the wrong
 * master key is refused rather than making every session unreadable.
 */
public final class MasterKey {

    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
    private static final int KEY_BYTES = 32;

    private final SecretKey key;
    private final String id;
    private Path madeNow;

    MasterKey(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("a master key is " + KEY_BYTES + " bytes (AES-256),"
                    + " not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.id = idOf(raw);
    }

    /** The key in {@code file}; a new one is made there (readable by its owner only) if none. */
    public static MasterKey readOrCreate(Path file) {
        boolean[] made = {false};
        MasterKey key = new MasterKey(SecretFiles.readOrCreate(file, KEY_BYTES, () -> {
            made[0] = true;
            LOG.warn("There was no master key file, so a new master key was made in {}. It is"
                    + " the only way to read session content: back it up apart from the"
                    + " database, and give every node the same file"
                    + " (sightline.encryption.master-key-file).", file.toAbsolutePath());
        }));
        key.madeNow = made[0] ? file : null;
        return key;
    }

    /**
     * Removes the key file this start made, when the site turns out to have another key: a
     * file that protects nothing must not be mistaken for the site's key and backed up.
     */
    void forgetMadeFile() {
        if (madeNow != null) {
            try {
                Files.deleteIfExists(madeNow);
                LOG.warn("Removed the master key file {} made at this start: this site has"
                        + " another master key.", madeNow.toAbsolutePath());
            } catch (IOException e) {
                LOG.warn("Could not remove {}: {}", madeNow, e.toString());
            }
        }
    }

    /** The key in {@code file}, which must exist. */
    public static MasterKey read(Path file) {
        return new MasterKey(SecretFiles.read(file, KEY_BYTES));
    }

    /** The secret key entry {@code alias} of a PKCS#12 keystore. */
    public static MasterKey fromKeyStore(Path keyStore, char[] password, String alias) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            if (!(store.getKey(alias, password) instanceof SecretKey secret)) {
                throw new IllegalStateException("the keystore " + keyStore
                        + " holds no secret key named " + alias);
            }
            return new MasterKey(secret.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keystore " + keyStore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the master key " + alias + " from "
                    + keyStore + ": " + e.getMessage(), e);
        }
    }

    private static String idOf(byte[] raw) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("sightline master key id".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(raw), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** 16 hex digits that name the key without revealing it. */
    public String id() {
        return id;
    }

    SecretKey secretKey() {
        return key;
    }

    /** Encrypts a small secret of the site's own (AES-GCM), bound to {@code associated}. */
    public byte[] seal(byte[] plain, String associated) {
        return AesGcm.seal(key, plain, associated);
    }

    /** Decrypts what {@link #seal} made with the same {@code associated}; fails if changed. */
    public byte[] open(byte[] sealed, String associated) {
        return AesGcm.open(key, sealed, associated);
    }
}
