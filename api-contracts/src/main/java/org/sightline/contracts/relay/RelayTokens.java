package org.sightline.contracts.relay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sightline.contracts.Lsid;

/**
 * Signs and checks relay tokens: {@code v1.LSID.ROLE.SUBJECT.EXPIRY.MAC}, where EXPIRY is
 * epoch seconds and MAC the Base64url HMAC-SHA256 of everything before it, under the site's
 * relay key (shared by every node). A token is checked without a database, so the relay
 * can run apart from the command side.
 */
public final class RelayTokens {

    private static final String VERSION = "v1";

    private final SecretKeySpec key;

    public RelayTokens(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a relay key has at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    public String sign(RelayToken token) {
        String body = String.join(".", VERSION, token.lsid().value(), token.role().name(),
                token.subject(), Long.toString(token.expiresAt().getEpochSecond()));
        return body + "." + mac(body);
    }

    /**
     * The token's grant; fails with the reason for a token that is malformed, forged or
     * expired at {@code now}.
     */
    public RelayToken verify(String text, Instant now) {
        if (text == null || text.length() > 512) {
            throw new IllegalArgumentException("no relay token");
        }
        int last = text.lastIndexOf('.');
        if (last < 0) {
            throw new IllegalArgumentException("a malformed relay token");
        }
        String body = text.substring(0, last);
        byte[] expected = mac(body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = text.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new IllegalArgumentException("a relay token that was not issued here");
        }
        // Account names may hold dots: the subject is whatever lies between role and expiry.
        String[] parts = body.split("\\.", -1);
        if (parts.length < 5 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("a malformed relay token");
        }
        String subject = String.join(".", Arrays.copyOfRange(parts, 3,
                parts.length - 1));
        RelayToken token = new RelayToken(Lsid.parse(parts[1]), RelayRole.valueOf(parts[2]),
                subject, Instant.ofEpochSecond(Long.parseLong(parts[parts.length - 1])));
        if (!now.isBefore(token.expiresAt())) {
            throw new IllegalArgumentException("an expired relay token");
        }
        return token;
    }

    private String mac(String body) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(hmac.doFinal(body.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
