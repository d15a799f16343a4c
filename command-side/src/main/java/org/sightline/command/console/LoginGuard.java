package org.sightline.command.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Locks an account after repeated failed sign-ins: {@code sightline.identity.lockout.attempts}
 * failures in a row (default 5), none further apart than the lock-out's length, lock it for
 * {@code sightline.identity.lockout.duration} (default 15 minutes). Counts live in the
 * database, so every node sees them, and each failure is counted once even when several
 * arrive together.
 */
@Component
public class LoginGuard {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int attempts;
    private final Duration duration;

    public LoginGuard(JdbcTemplate jdbc, Clock clock,
            @Value("${sightline.identity.lockout.attempts:5}") int attempts,
            @Value("${sightline.identity.lockout.duration:PT15M}") Duration duration) {
        if (attempts < 1 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("sightline.identity.lockout.attempts is at least"
                    + " 1 and sightline.identity.lockout.duration is positive");
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.attempts = attempts;
        this.duration = duration;
    }

    /** A counted failure: how many in a row, and the end of the lock if this one locked. */
    public record Failure(int failures, Instant lockedUntil) {
    }

    /**
     * A sign-in attempt, counted before its password is checked: attempts that arrive
     * together cannot check more passwords than the limit allows.
     *
     * @param number the attempt's place in the account's run of attempts
     * @param refused the account is locked, or this attempt is beyond the limit: its password
     *     must not be checked
     */
    public record Attempt(String account, int number, boolean refused) {
    }

    /** When the account's lock ends, if it is locked now. */
    public Optional<Instant> lockedUntil(String account) {
        Instant now = clock.instant();
        List<Timestamp> until = jdbc.queryForList("SELECT locked_until FROM login_failure"
                + " WHERE account = ? AND locked_until > ?", Timestamp.class, key(account),
                Timestamp.from(now));
        return until.stream().findFirst().map(Timestamp::toInstant);
    }

    /**
     * Counts an attempt before its password is checked. A run restarts after a lock ran out,
     * or after a quiet spell as long as a lock.
     */
    public Attempt begin(String account) {
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp stale = Timestamp.from(clock.instant().minus(duration));
        Map<String, Object> row = jdbc.queryForMap("INSERT INTO login_failure"
                + " (account, failures, last_at) VALUES (?, 1, ?)"
                + " ON CONFLICT (account) DO UPDATE SET"
                + " failures = CASE WHEN login_failure.locked_until <= ?"
                + "   OR (login_failure.locked_until IS NULL AND login_failure.last_at < ?)"
                + "   THEN 1 ELSE login_failure.failures + 1 END,"
                + " locked_until = CASE WHEN login_failure.locked_until <= ? THEN NULL"
                + "   ELSE login_failure.locked_until END,"
                + " last_at = ?"
                + " RETURNING failures, locked_until",
                key(account), now, now, stale, now, now);
        int number = ((Number) row.get("failures")).intValue();
        return new Attempt(account, number, row.get("locked_until") != null || number > attempts);
    }

    /**
     * The attempt failed (a wrong password or code of a known account). The attempt that
     * reaches the limit locks the account.
     */
    public Failure failed(Attempt attempt) {
        if (attempt.number() != attempts) {
            return new Failure(attempt.number(), null);
        }
        Instant until = clock.instant().plus(duration);
        jdbc.update("UPDATE login_failure SET locked_until = ? WHERE account = ?",
                Timestamp.from(until), key(attempt.account()));
        return new Failure(attempt.number(), until);
    }

    /** The attempt decided nothing against the account (unknown name, code still to come). */
    public void release(Attempt attempt) {
        jdbc.update("UPDATE login_failure SET failures = greatest(failures - 1, 0)"
                + " WHERE account = ?", key(attempt.account()));
        jdbc.update("DELETE FROM login_failure WHERE account = ? AND failures = 0"
                + " AND locked_until IS NULL", key(attempt.account()));
    }

    /** A successful sign-in clears the count. */
    public void succeeded(String account) {
        jdbc.update("DELETE FROM login_failure WHERE account = ?", key(account));
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }
}
