package org.sightline.command.console;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sightline.contracts.Require;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountRole;
import org.sightline.contracts.console.LoginFailureReason;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Decides a sign-in: lock-out first, then the password (a local account, else the
 * directory), then a one-time password that must be replaced (any local password may be
 * replaced this way), then the second factor. It
 * blocks (Argon2id, JDBC, LDAP): callers run it off the event loop. Recording the decision
 * is the caller's.
 */
@Component
class SignIn {

    /** The attempted account of a ticket that names no one readable. */
    static final String UNREADABLE_TICKET = "(unreadable Kerberos ticket)";

    private final Accounts accounts;
    private final LoginGuard guard;
    private final SecondFactors secondFactors;
    private final Directory directory;
    private final Spnego spnego;

    SignIn(Accounts accounts, LoginGuard guard, SecondFactors secondFactors,
            Directory directory, Spnego spnego) {
        this.accounts = accounts;
        this.guard = guard;
        this.secondFactors = secondFactors;
        this.directory = directory;
        this.spnego = spnego;
    }

    /** What was decided, and what to record. */
    sealed interface Decision {

        /**
         * @param method how the user proved who they are, for the log
         * @param passwordChanged a one-time password is to be replaced as the session opens
         */
        record Accepted(String account, AccountRole role, Set<TeamId> teams, String method,
                boolean passwordChanged, boolean secondFactorEnrolled) implements Decision {
        }

        /** @param counted the failure as counted toward lock-out; null when not counted */
        record Refused(String attempted, LoginFailureReason reason, LoginGuard.Failure counted,
                SignInRefused answer) implements Decision {
        }
    }

    /** An identity proven by a password (or a ticket), before the later checks. */
    record Proven(String account, AccountRole role, Set<TeamId> teams, String method,
            boolean oneTimePassword) {
    }

    Decision withPassword(String name, String password, String code, String newPassword) {
        LoginGuard.Attempt attempt = guard.begin(name);
        if (attempt.refused()) {
            accounts.spend(password); // a locked account answers as slowly as any other
            return new Decision.Refused(name, LoginFailureReason.LOCKED, null,
                    SignInRefused.wrongCredentials());
        }

        Accounts.Check check = accounts.check(name, password);
        if (check instanceof Accounts.Check.BadPassword bad) {
            return failed(attempt, bad.account().name(), LoginFailureReason.BAD_PASSWORD);
        }
        if (check instanceof Accounts.Check.UnknownAccount) {
            if (directory.enabled()) {
                return withDirectory(attempt, password, code, newPassword);
            }
            guard.release(attempt);
            return unknown(name);
        }
        Accounts.Account account = ((Accounts.Check.Accepted) check).account();
        return afterPassword(attempt, new Proven(account.name(), account.role(),
                account.teams(), "password", account.mustChangePassword()), code, newPassword);
    }

    /** A name with no local account, signing in with the directory's password. */
    private Decision withDirectory(LoginGuard.Attempt attempt, String password, String code,
            String newPassword) {
        String name = attempt.account();
        Directory.Outcome outcome = directory.authenticate(name, password);
        if (outcome instanceof Directory.Outcome.BadPassword) {
            return failed(attempt, name, LoginFailureReason.BAD_PASSWORD);
        }
        if (!(outcome instanceof Directory.Outcome.Accepted)) {
            guard.release(attempt); // nothing was learnt against the account
        }
        if (outcome instanceof Directory.Outcome.Accepted accepted) {
            if (!Require.isIdentifier(accepted.account())) {
                guard.release(attempt);
                return new Decision.Refused(name, LoginFailureReason.UNKNOWN_USER, null,
                        new SignInRefused(HttpStatus.FORBIDDEN, "unusable-account-name",
                                "the directory's name for you cannot be a Sightline account"
                                        + " name (letters, digits, . _ @ - only); ask an admin"));
            }
            return afterPassword(attempt, new Proven(accepted.account(), accepted.role(),
                    accepted.teams(), "ldap", false), code, newPassword);
        }
        if (outcome instanceof Directory.Outcome.NoMappedGroup) {
            return new Decision.Refused(name, LoginFailureReason.NO_MAPPED_GROUP, null,
                    new SignInRefused(HttpStatus.FORBIDDEN, "no-mapped-group",
                            "your directory groups give no access to Sightline; ask an admin"
                                    + " to map one of them"));
        }
        if (outcome instanceof Directory.Outcome.Unavailable) {
            return new Decision.Refused(name, LoginFailureReason.DIRECTORY_UNAVAILABLE, null,
                    new SignInRefused(HttpStatus.SERVICE_UNAVAILABLE, "directory-unavailable",
                            "the directory could not be reached; try again shortly"));
        }
        return unknown(name);
    }

    /**
     * A Kerberos ticket (the text after {@code Negotiate}): valid, for a realm user with a
     * local account of the same name. The second factor, where it applies, cannot ride on a
     * ticket: such users sign in with the form.
     */
    Decision withTicket(String token) {
        Spnego.Outcome outcome = spnego.validate(token);
        if (outcome instanceof Spnego.Outcome.ClockSkew) {
            return new Decision.Refused(UNREADABLE_TICKET, LoginFailureReason.CLOCK_SKEW, null,
                    new SignInRefused(HttpStatus.UNAUTHORIZED, "clock-skew",
                            "the Kerberos ticket was made on a computer whose clock is more than"
                                    + " 5 minutes off the server's; correct the clock, or sign in"
                                    + " with a password"));
        }
        if (outcome instanceof Spnego.Outcome.BadTicket) {
            return new Decision.Refused(UNREADABLE_TICKET, LoginFailureReason.BAD_TICKET, null,
                    badTicket());
        }
        String principal = ((Spnego.Outcome.Accepted) outcome).principal();
        int at = principal.lastIndexOf('@');
        String name = at < 0 ? principal : principal.substring(0, at);
        String realm = at < 0 ? "" : principal.substring(at + 1);
        if (!realm.equals(spnego.realm()) || !Require.isIdentifier(name)) {
            return new Decision.Refused(Require.isIdentifier(name) ? name : UNREADABLE_TICKET,
                    LoginFailureReason.BAD_TICKET, null, badTicket());
        }
        if (guard.lockedUntil(name).isPresent()) {
            return new Decision.Refused(name, LoginFailureReason.LOCKED, null,
                    SignInRefused.wrongCredentials());
        }
        Optional<Accounts.Account> account = accounts.find(name);
        if (account.isEmpty()) {
            return unknown(name);
        }
        return afterPassword(null, new Proven(account.get().name(), account.get().role(),
                account.get().teams(), "kerberos", false), null, null);
    }

    private static SignInRefused badTicket() {
        return new SignInRefused(HttpStatus.UNAUTHORIZED, "bad-ticket",
                "the Kerberos ticket is not valid for this site; sign in with a password");
    }

    private static Decision unknown(String name) {
        return new Decision.Refused(name, LoginFailureReason.UNKNOWN_USER, null,
                SignInRefused.wrongCredentials());
    }

    /**
     * The checks after the password: one-time password, second factor.
     *
     * @param attempt the counted attempt; null for a ticket, which guesses no password
     */
    private Decision afterPassword(LoginGuard.Attempt attempt, Proven proven, String code,
            String newPassword) {
        if (proven.oneTimePassword() && newPassword == null) {
            release(attempt);
            return new Decision.Refused(proven.account(),
                    LoginFailureReason.PASSWORD_CHANGE_REQUIRED, null,
                    new SignInRefused(HttpStatus.FORBIDDEN, "password-change-required",
                            "the password is one-time: sign in again with newPassword, at"
                                    + " least " + Accounts.MIN_PASSWORD_LENGTH + " characters"));
        }
        boolean changing = newPassword != null;
        if (changing && !proven.method().equals("password")) {
            throw new IllegalArgumentException("newPassword: only a local account's password"
                    + " is changed here; change a directory password in the directory");
        }

        boolean enrolled = secondFactors.enrolled(proven.account());
        boolean enrolling = false;
        if (enrolled || secondFactors.requiredFor(proven.role())) {
            Optional<Decision> refused = enrolled
                    ? checkCode(attempt, proven, code)
                    : confirmEnrolment(attempt, proven, code);
            if (refused.isPresent()) {
                return refused.get();
            }
            enrolling = !enrolled;
        }

        guard.succeeded(proven.account());
        String method = enrolled || enrolling ? proven.method() + "+totp" : proven.method();
        return new Decision.Accepted(proven.account(), proven.role(), proven.teams(), method,
                changing, enrolling);
    }

    private Optional<Decision> checkCode(LoginGuard.Attempt attempt, Proven proven,
            String code) {
        if (code == null) {
            release(attempt);
            return Optional.of(new Decision.Refused(proven.account(),
                    LoginFailureReason.SECOND_FACTOR_REQUIRED, null,
                    new SignInRefused(HttpStatus.UNAUTHORIZED, "second-factor-required",
                            "sign in again with the one-time code of your authenticator")));
        }
        if (secondFactors.check(proven.account(), code) != SecondFactors.Result.ACCEPTED) {
            return Optional.of(failed(attempt, proven.account(),
                    LoginFailureReason.SECOND_FACTOR_FAILED));
        }
        return Optional.empty();
    }

    /**
     * The role must use a second factor the account does not have yet: without a code, a new
     * secret is handed out (the password proved who asks); its first code enrols it.
     */
    private Optional<Decision> confirmEnrolment(LoginGuard.Attempt attempt, Proven proven,
            String code) {
        if (code == null) {
            release(attempt);
            SecondFactors.Enrolment enrolment = secondFactors.begin(proven.account());
            return Optional.of(new Decision.Refused(proven.account(),
                    LoginFailureReason.SECOND_FACTOR_REQUIRED, null,
                    new SignInRefused(HttpStatus.FORBIDDEN, "second-factor-enrolment",
                            "your role must use a one-time code: add this secret to an"
                                    + " authenticator app, then sign in again with its code",
                            Map.of("secret", enrolment.secret(),
                                    "otpauthUri", enrolment.otpauthUri()),
                            new HttpHeaders())));
        }
        if (secondFactors.confirm(proven.account(), code) != SecondFactors.Result.ACCEPTED) {
            return Optional.of(failed(attempt, proven.account(),
                    LoginFailureReason.SECOND_FACTOR_FAILED));
        }
        return Optional.empty();
    }

    /** A failure of a known account: its counted attempt may lock it. */
    private Decision failed(LoginGuard.Attempt attempt, String account,
            LoginFailureReason reason) {
        LoginGuard.Failure failure = attempt == null ? null : guard.failed(attempt);
        return new Decision.Refused(account, reason, failure, SignInRefused.wrongCredentials());
    }

    private void release(LoginGuard.Attempt attempt) {
        if (attempt != null) {
            guard.release(attempt);
        }
    }
}
