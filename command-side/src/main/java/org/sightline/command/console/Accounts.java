package org.sightline.command.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountRole;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The local console accounts, with Argon2id password hashes.
 *
 * <p>Checking a password for an unknown account costs the same as for a known one, so the
 * time of an answer does not tell which accounts exist.
 */
@Component
public class Accounts {

    /** The shortest password an account may have, in characters. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Argon2PasswordEncoder encoder =
            Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final String unknownAccountHash;

    public Accounts(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.unknownAccountHash = encoder.encode("no account has this password");
    }

    /**
     * An account as stored, without its password hash.
     *
     * @param teams the teams a rep serves; empty for other roles
     * @param mustChangePassword its password is one-time: the next sign-in replaces it
     */
    public record Account(String name, AccountRole role, Set<TeamId> teams,
            boolean mustChangePassword) {

        public Account {
            teams = Set.copyOf(teams);
        }
    }

    private record Stored(Account account, String passwordHash) {
    }

    /** The outcome of a password check: the account, or why it was refused. */
    public sealed interface Check {
        record Accepted(Account account) implements Check {
        }

        record UnknownAccount() implements Check {
        }

        record BadPassword(Account account) implements Check {
        }
    }

    /**
     * Checks a password; the name is matched ignoring case (names are unique that way), and
     * the account comes back spelled as it was made.
     */
    public Check check(String name, String password) {
        List<Stored> rows = jdbc.query("SELECT name, role, teams, must_change_password,"
                        + " password_hash FROM account WHERE lower(name) = lower(?)",
                (row, n) -> new Stored(new Account(row.getString("name"),
                        AccountRole.valueOf(row.getString("role")),
                        TeamId.split(row.getString("teams")),
                        row.getBoolean("must_change_password")),
                        row.getString("password_hash")),
                name);
        if (rows.isEmpty()) {
            encoder.matches(password, unknownAccountHash);
            return new Check.UnknownAccount();
        }

        Stored stored = rows.get(0);
        return encoder.matches(password, stored.passwordHash())
                ? new Check.Accepted(stored.account())
                : new Check.BadPassword(stored.account());
    }

    /** Costs what a password check costs, for answers that must not be told apart by time. */
    public void spend(String password) {
        encoder.matches(password, unknownAccountHash);
    }

    public Optional<Account> find(String name) {
        return jdbc.query("SELECT name, role, teams, must_change_password FROM account"
                                + " WHERE name = ?",
                        (row, n) -> new Account(row.getString("name"),
                                AccountRole.valueOf(row.getString("role")),
                                TeamId.split(row.getString("teams")),
                                row.getBoolean("must_change_password")),
                        name)
                .stream()
                .findFirst();
    }

    /**
     * Creates an account unless one of that name exists; tells whether it did. Safe when
     * several nodes try at once: one of them creates it.
     */
    public boolean create(String name, AccountRole role, String password, Set<TeamId> teams,
            boolean oneTimePassword) {
        requireStrong(password);
        try {
            return jdbc.update("INSERT INTO account (name, role, password_hash, created_at,"
                            + " teams, must_change_password) VALUES (?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT DO NOTHING",
                    name, role.name(), encoder.encode(password),
                    Timestamp.from(clock.instant()), TeamId.join(teams), oneTimePassword) == 1;
        } catch (DuplicateKeyException sameNameOtherCase) {
            return false;
        }
    }

    /** Removes an account whose creation could not be recorded. */
    public void delete(String name) {
        jdbc.update("DELETE FROM account WHERE name = ?", name);
    }

    /**
     * Replaces a password and clears the one-time mark, if the old password is still the
     * account's: of several changes at once, one wins and the others are told so (false).
     */
    public boolean changePassword(String name, String oldPassword, String newPassword) {
        requireStrong(newPassword);
        List<String> current = jdbc.queryForList("SELECT password_hash FROM account"
                + " WHERE name = ?", String.class, name);
        if (current.isEmpty() || !encoder.matches(oldPassword, current.get(0))) {
            return false;
        }
        return jdbc.update("UPDATE account SET password_hash = ?, must_change_password = false"
                + " WHERE name = ? AND password_hash = ?", encoder.encode(newPassword), name,
                current.get(0)) == 1;
    }

    public boolean any() {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM account", Integer.class);
        return count != null && count > 0;
    }

    public static void requireStrong(String password) {
        if (password == null || password.isBlank()
                || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password has at least "
                    + MIN_PASSWORD_LENGTH + " characters, not all of them spaces");
        }
    }
}
