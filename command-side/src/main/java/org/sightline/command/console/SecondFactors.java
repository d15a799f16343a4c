package org.sightline.command.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sightline.command.encryption.MasterKey;
import org.sightline.contracts.console.AccountRole;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) as a second
 * factor. The roles named in {@code sightline.identity.second-factor-roles} (default none)
 * must use one; any account may enrol. A code is accepted one step either side of now, and
 * each step once per account, so a code seen over a shoulder cannot be used again.
 *
 * <p>Secrets are kept sealed by the site's master key (AES-GCM, bound to the account), so a
 * copy of the database alone does not let anyone make codes.
 */
@Component
public class SecondFactors {

    static final int STEP_SECONDS = 30;
    private static final int DIGITS = 6;
    private static final int SECRET_BYTES = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MasterKey masterKey;
    private final Set<AccountRole> requiredFor;
    private final String issuer;

    public SecondFactors(JdbcTemplate jdbc, Clock clock, MasterKey masterKey,
            @Value("${sightline.identity.second-factor-roles:}") String requiredFor,
            @Value("${sightline.identity.second-factor-issuer:Sightline}") String issuer) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.masterKey = masterKey;
        this.requiredFor = Arrays.stream(requiredFor.split(","))
                .map(String::trim)
                .filter(role -> !role.isEmpty())
                .map(role -> AccountRole.valueOf(role.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
        this.issuer = issuer;
    }

    /** The outcome of checking a code. */
    public enum Result {
        ACCEPTED,
        WRONG,
        /** Right for its time step, but that step was already used. */
        REPLAYED
    }

    /** A new secret waiting for its first code: Base32, and as an otpauth URI for apps. */
    public record Enrolment(String secret, String otpauthUri) {
    }

    public boolean requiredFor(AccountRole role) {
        return requiredFor.contains(role);
    }

    public boolean enrolled(String account) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM"
                + " second_factor WHERE account = ? AND secret IS NOT NULL)", Boolean.class,
                key(account)));
    }

    /** Starts (or starts again) an enrolment: a new secret that its first code confirms. */
    public Enrolment begin(String account) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        jdbc.update("INSERT INTO second_factor (account, pending_secret) VALUES (?, ?)"
                + " ON CONFLICT (account) DO UPDATE SET pending_secret = excluded.pending_secret",
                key(account), seal(account, secret));
        String base32 = Base32.encode(secret);
        String label = encode(issuer) + ":" + encode(account);
        return new Enrolment(base32, "otpauth://totp/" + label + "?secret=" + base32
                + "&issuer=" + encode(issuer) + "&algorithm=SHA1&digits=" + DIGITS
                + "&period=" + STEP_SECONDS);
    }

    /** Checks a code against the enrolled secret, using up its time step when right. */
    public Result check(String account, String code) {
        List<String> sealed = jdbc.queryForList("SELECT secret FROM second_factor"
                + " WHERE account = ? AND secret IS NOT NULL", String.class, key(account));
        if (sealed.isEmpty()) {
            return Result.WRONG;
        }
        return use(account, open(account, sealed.get(0)), code, false);
    }

    /** Confirms a pending enrolment with its first code; the secret is then in force. */
    public Result confirm(String account, String code) {
        List<String> sealed = jdbc.queryForList("SELECT pending_secret FROM second_factor"
                + " WHERE account = ? AND pending_secret IS NOT NULL", String.class,
                key(account));
        if (sealed.isEmpty()) {
            return Result.WRONG;
        }
        return use(account, open(account, sealed.get(0)), code, true);
    }

    private Result use(String account, byte[] secret, String code, boolean confirming) {
        long step = matchingStep(secret, code);
        if (step < 0) {
            return Result.WRONG;
        }
        String promote = confirming
                ? ", secret = pending_secret, pending_secret = NULL, enrolled_at = ?"
                : "";
        Object[] args = confirming
                ? new Object[] {step, Timestamp.from(clock.instant()), key(account), step}
                : new Object[] {step, key(account), step};
        int used = jdbc.update("UPDATE second_factor SET last_step = ?" + promote
                + " WHERE account = ? AND (last_step IS NULL OR last_step < ?)", args);
        return used == 1 ? Result.ACCEPTED : Result.REPLAYED;
    }

    /** The time step whose code this is, one step either side of now; -1 when none. */
    private long matchingStep(byte[] secret, String code) {
        if (code == null || !code.matches("[0-9]{" + DIGITS + "}")) {
            return -1;
        }
        long now = clock.instant().getEpochSecond() / STEP_SECONDS;
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long found = -1;
        for (long step = now - 1; step <= now + 1; step++) {
            byte[] expected = code(secret, step).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given)) {
                found = step;
            }
        }
        return found;
    }

    /** The RFC 6238 code of a time step (RFC 4226's dynamic truncation). */
    static String code(byte[] secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%0" + DIGITS + "d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
        }
    }

    private String seal(String account, byte[] secret) {
        return Base64.getEncoder().encodeToString(
                masterKey.seal(secret, "totp:" + key(account)));
    }

    private byte[] open(String account, String sealed) {
        return masterKey.open(Base64.getDecoder().decode(sealed), "totp:" + key(account));
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }

    /** RFC 4648 Base32, the alphabet authenticator apps read, without padding. */
    static final class Base32 {

        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        private Base32() {
        }

        static String encode(byte[] bytes) {
            StringBuilder out = new StringBuilder();
            int buffer = 0;
            int bits = 0;
            for (byte b : bytes) {
                buffer = (buffer << 8) | (b & 0xff);
                bits += 8;
                while (bits >= 5) {
                    out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                    bits -= 5;
                }
            }
            if (bits > 0) {
                out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
            }
            return out.toString();
        }
    }
}
