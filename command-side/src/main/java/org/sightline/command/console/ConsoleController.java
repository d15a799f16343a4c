package org.sightline.command.console;

import static org.sightline.command.access.CallerRules.signedIn;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.sightline.command.access.AccessTokens;
import org.sightline.command.access.RemoteAddress;
import org.sightline.command.dispatch.CommandSender;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;
import org.sightline.contracts.TeamId;
import org.sightline.contracts.console.AccountRole;
import org.sightline.contracts.console.LogOut;
import org.sightline.contracts.console.LogoutReason;
import org.sightline.contracts.console.OpenConsoleSession;
import org.sightline.contracts.console.RecordFailedLogin;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Console sign-in and sign-out. Every decision is an event: a success opens a console
 * session with a new LSID, a refusal is recorded under an LSID of its own, and a failure that
 * locks an account records the lock there too.
 */
@RestController
@RequestMapping("/api/console")
class ConsoleController {

    private static final String NEGOTIATE = "Negotiate ";

    private final SignIn signIn;
    private final Spnego spnego;
    private final Accounts accounts;
    private final AccessTokens tokens;
    private final CommandSender commands;

    ConsoleController(SignIn signIn, Spnego spnego, Accounts accounts, AccessTokens tokens,
            CommandSender commands) {
        this.signIn = signIn;
        this.spnego = spnego;
        this.accounts = accounts;
        this.tokens = tokens;
        this.commands = commands;
    }

    /**
     * A password sign-in.
     *
     * @param code the one-time code, for an account with a second factor
     * @param newPassword replaces a one-time password
     */
    record LoginRequest(String account, String password, String code, String newPassword) {
    }

    record ConsoleSessionOpened(Lsid consoleLsid, String account, AccountRole role,
            Set<TeamId> teams, String token, Instant expiresAt) {
    }

    @PostMapping("/login")
    Mono<ConsoleSessionOpened> login(@RequestBody LoginRequest body, ServerWebExchange exchange) {
        // A name that can be no account's is bad input, not an attempt: nothing is recorded,
        // and no look-alike or direction-changing text reaches the log.
        Require.identifier(body.account(), "account");
        Require.present(body.password(), "password");
        if (body.code() != null && body.code().length() > 16) {
            throw new IllegalArgumentException("code has at most 16 characters");
        }
        if (body.newPassword() != null) {
            Accounts.requireStrong(body.newPassword());
            if (body.newPassword().equals(body.password())) {
                throw new IllegalArgumentException(
                        "newPassword must differ from the password it replaces");
            }
        }
        String sourceIp = RemoteAddress.of(exchange);

        return Mono.fromCallable(() -> signIn.withPassword(body.account(), body.password(),
                        body.code(), body.newPassword()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(decision -> decide(decision, sourceIp, body.password(),
                        body.newPassword()));
    }

    /**
     * Opens the console session of an accepted sign-in, or records the refusal. A new
     * password replaces the old one first, and ends the account's other console sessions.
     */
    Mono<ConsoleSessionOpened> decide(SignIn.Decision decision, String sourceIp,
            String oldPassword, String newPassword) {
        if (decision instanceof SignIn.Decision.Refused refused) {
            return refuse(refused, sourceIp);
        }
        SignIn.Decision.Accepted accepted = (SignIn.Decision.Accepted) decision;
        if (!accepted.passwordChanged()) {
            return open(accepted, sourceIp);
        }
        return Mono.fromCallable(() -> accounts.changePassword(accepted.account(), oldPassword,
                        newPassword))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(changed -> changed
                        ? Mono.fromCallable(() -> tokens.revokeConsole(accepted.account()))
                                .subscribeOn(Schedulers.boundedElastic())
                        : Mono.error(new ResponseStatusException(HttpStatus.CONFLICT,
                                "the password was changed meanwhile; sign in with the new one")))
                .flatMapMany(Flux::fromIterable)
                .concatMap(other -> commands.send(new LogOut(other,
                                LogoutReason.PASSWORD_CHANGED))
                        .onErrorResume(IllegalStateException.class, e -> Mono.empty()))
                .then(open(accepted, sourceIp));
    }

    /**
     * Single sign-on: a Kerberos ticket in {@code Authorization: Negotiate}. Without one the
     * answer is 401 with {@code WWW-Authenticate: Negotiate}, which a browser that holds a
     * ticket for this site answers by itself; 404 when Kerberos is not configured here.
     */
    @PostMapping("/login/negotiate")
    Mono<ConsoleSessionOpened> negotiate(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            String authorization, ServerWebExchange exchange) {
        if (!spnego.enabled()) {
            throw new SignInRefused(HttpStatus.NOT_FOUND, "kerberos-not-configured",
                    "Kerberos sign-in is not configured on this site; sign in with a password");
        }
        if (authorization == null
                || !authorization.regionMatches(true, 0, NEGOTIATE, 0, NEGOTIATE.length())) {
            HttpHeaders challenge = new HttpHeaders();
            challenge.set(HttpHeaders.WWW_AUTHENTICATE, "Negotiate");
            throw new SignInRefused(HttpStatus.UNAUTHORIZED, "negotiate",
                    "send a Kerberos ticket (Authorization: Negotiate), or sign in with a"
                            + " password", Map.of(), challenge);
        }
        String token = authorization.substring(NEGOTIATE.length()).trim();
        String sourceIp = RemoteAddress.of(exchange);

        return Mono.fromCallable(() -> signIn.withTicket(token))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(decision -> decide(decision, sourceIp, null, null));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
            String authorization,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller known = signedIn(caller);
        if (known.kind() != Caller.Kind.CONSOLE) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "not a console session");
        }

        String token = authorization.substring("Bearer ".length()).trim();
        return Mono.fromRunnable(() -> tokens.revoke(token))
                .subscribeOn(Schedulers.boundedElastic())
                .then(commands.send(new LogOut(known.lsid(), LogoutReason.SIGNED_OUT)));
    }

    private Mono<ConsoleSessionOpened> open(SignIn.Decision.Accepted accepted, String sourceIp) {
        Lsid lsid = Lsid.random();
        Caller caller = new Caller(Caller.Kind.CONSOLE, accepted.account(), accepted.role(),
                lsid, accepted.teams());

        return commands.send(new OpenConsoleSession(lsid, accepted.account(), accepted.role(),
                        sourceIp, accepted.method(), accepted.teams(),
                        accepted.passwordChanged(), accepted.secondFactorEnrolled()))
                .then(Mono.fromCallable(() -> tokens.issue(caller))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(token -> new ConsoleSessionOpened(lsid, accepted.account(),
                        accepted.role(), caller.teams(), token.token(), token.expiresAt()));
    }

    private Mono<ConsoleSessionOpened> refuse(SignIn.Decision.Refused refused,
            String sourceIp) {
        LoginGuard.Failure counted = refused.counted();
        return commands.send(new RecordFailedLogin(Lsid.random(), refused.attempted(),
                        refused.reason(), sourceIp,
                        counted == null ? null : counted.lockedUntil(),
                        counted == null ? 0 : counted.failures()))
                .then(Mono.error(refused.answer()));
    }
}
