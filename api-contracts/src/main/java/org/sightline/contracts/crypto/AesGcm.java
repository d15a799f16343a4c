package org.sightline.contracts.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a random 96-bit nonce and a 128-bit tag: sealed bytes are
 * {@code nonce || ciphertext || tag}. The associated data binds a ciphertext to where it
 * belongs (its session, event type and field), so it cannot be moved elsewhere unnoticed.
 */
public final class AesGcm {

    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Looking a cipher up costs more than sealing a chat line: each thread keeps its own. */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable: " + e.getMessage(), e);
        }
    });

    private AesGcm() {
    }

    public static byte[] seal(SecretKey key, byte[] plain, String associated) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable: " + e.getMessage(), e);
        }
    }

    /** The plain bytes; fails with {@link Tampered} when the bytes or their place changed. */
    public static byte[] open(SecretKey key, byte[] sealed, String associated) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new Tampered("sealed bytes are too short");
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS,
                    Arrays.copyOf(sealed, NONCE_BYTES)));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new Tampered("the authentication tag does not match");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable: " + e.getMessage(), e);
        }
    }

    /** Sealed bytes that do not open: changed, moved, or sealed with another key. */
    public static final class Tampered extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        Tampered(String message) {
            super(message);
        }
    }
}
