package org.sightline.command.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountRole;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Short-lived bearer tokens for customers and console users.
 *
 * <p>A token is 256 random bits; only its SHA-256 is stored, so a copy of the table lets no
 * one act as anybody. A console token lives {@code sightline.tokens.console-ttl} (default
 * 30 minutes) after its last use, a customer token {@code sightline.tokens.customer-ttl}
 * (default 12 hours) after its session was requested. Every node reads the same table, so a
 * token works on all of them.
 */
@Component
public class AccessTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration consoleTtl;
    private final Duration customerTtl;

    public AccessTokens(JdbcTemplate jdbc, Clock clock,
            @Value("${sightline.tokens.console-ttl:PT30M}") Duration consoleTtl,
            @Value("${sightline.tokens.customer-ttl:PT12H}") Duration customerTtl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.consoleTtl = consoleTtl;
        this.customerTtl = customerTtl;
    }

    /** A token and the instant it stops working unless used (console) or at all (customer). */
    public record IssuedToken(String token, Instant expiresAt) {
    }

    /** Issues a token proving who {@code caller} is. */
    public IssuedToken issue(Caller caller) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = clock.instant().plus(ttlOf(caller.kind()));

        jdbc.update("INSERT INTO access_token (token_hash, kind, name, role, lsid, expires_at,"
                        + " teams) VALUES (?, ?, ?, ?, ?, ?, ?)",
                hash(token), caller.kind().name(), caller.name(),
                caller.role() == null ? null : caller.role().name(), caller.lsid().value(),
                Timestamp.from(expiresAt), TeamId.join(caller.teams()));
        return new IssuedToken(token, expiresAt);
    }

    /**
     * The caller a token proves, if it is known and has not expired. A console token's life
     * is extended on use once half of it has passed.
     */
    public Optional<Caller> resolve(String token) {
        return resolve(token, true);
    }

    /**
     * As {@link #resolve(String)}; with {@code use} false the request is not counted as the
     * user's activity and extends nothing: a page's background stream, reconnecting by
     * itself, must not keep an unattended console signed in.
     */
    public Optional<Caller> resolve(String token, boolean use) {
        return verify(token, use).map(Verified::caller);
    }

    /** A caller proven by a token, and when that token stops working unless used again. */
    public record Verified(Caller caller, Instant expiresAt) {
    }

    /** As {@link #resolve(String, boolean)}, with the token's expiry as it stands now. */
    public Optional<Verified> verify(String token, boolean use) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return Optional.empty();
        }
        byte[] hash = hash(token);
        Instant now = clock.instant();
        List<Verified> found = jdbc.query("SELECT kind, name, role, lsid, expires_at, teams"
                        + " FROM access_token WHERE token_hash = ? AND expires_at > ?",
                (row, n) -> {
                    Caller caller = toCaller(row.getString("kind"), row.getString("name"),
                            row.getString("role"), row.getString("lsid"),
                            row.getString("teams"));
                    Instant expiresAt = row.getTimestamp("expires_at").toInstant();
                    if (use) {
                        expiresAt = extendIfHalfSpent(hash, caller, expiresAt, now);
                    }
                    return new Verified(caller, expiresAt);
                },
                hash, Timestamp.from(now));
        return found.stream().findFirst();
    }

    /**
     * Makes every console token of an account useless at once; tells which console sessions
     * they belonged to.
     */
    public List<Lsid> revokeConsole(String account) {
        return jdbc.queryForList("DELETE FROM access_token WHERE kind = 'CONSOLE'"
                        + " AND lower(name) = lower(?) RETURNING lsid", String.class, account)
                .stream()
                .distinct()
                .map(Lsid::parse)
                .toList();
    }

    /** Makes a token useless at once; unknown tokens are ignored. */
    public void revoke(String token) {
        jdbc.update("DELETE FROM access_token WHERE token_hash = ?", hash(token));
    }

    private Instant extendIfHalfSpent(byte[] hash, Caller caller, Instant expiresAt,
            Instant now) {
        if (caller.kind() != Caller.Kind.CONSOLE
                || Duration.between(now, expiresAt).compareTo(consoleTtl.dividedBy(2)) > 0) {
            return expiresAt;
        }
        Instant extended = now.plus(consoleTtl);
        jdbc.update("UPDATE access_token SET expires_at = ? WHERE token_hash = ?",
                Timestamp.from(extended), hash);
        return extended;
    }

    private Duration ttlOf(Caller.Kind kind) {
        return kind == Caller.Kind.CONSOLE ? consoleTtl : customerTtl;
    }

    private static Caller toCaller(String kind, String name, String role, String lsid,
            String teams) {
        return new Caller(Caller.Kind.valueOf(kind), name,
                role == null ? null : AccountRole.valueOf(role), Lsid.parse(lsid),
                TeamId.split(teams));
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM offers no SHA-256", e);
        }
    }
}
