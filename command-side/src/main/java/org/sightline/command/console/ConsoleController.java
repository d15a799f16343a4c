package org.sightline.command.console;

import static org.sightline.command.access.CallerRules.signedIn;

import java.time.Instant;
import org.sightline.command.access.AccessTokens;
import org.sightline.command.access.RemoteAddress;
import org.sightline.command.dispatch.CommandSender;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.Require;
import org.sightline.contracts.console.AccountRole;
import org.sightline.contracts.console.LogOut;
import org.sightline.contracts.console.LoginFailureReason;
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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Console sign-in and sign-out. Every attempt is an event: a success opens a console session
 * with a new LSID, a refusal is recorded under an LSID of its own.
 */
@RestController
@RequestMapping("/api/console")
class ConsoleController {

    private final Accounts accounts;
    private final AccessTokens tokens;
    private final CommandSender commands;

    ConsoleController(Accounts accounts, AccessTokens tokens, CommandSender commands) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.commands = commands;
    }

    record LoginRequest(String account, String password) {
    }

    record ConsoleSessionOpened(Lsid consoleLsid, String account, AccountRole role,
            String token, Instant expiresAt) {
    }

    @PostMapping("/login")
    Mono<ConsoleSessionOpened> login(@RequestBody LoginRequest body, ServerWebExchange exchange) {
        Require.name(body.account(), "account");
        Require.present(body.password(), "password");
        String sourceIp = RemoteAddress.of(exchange);

        return Mono.fromCallable(() -> accounts.check(body.account(), body.password()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(check -> {
                    if (check instanceof Accounts.Check.Accepted accepted) {
                        return open(accepted.account(), sourceIp);
                    }
                    LoginFailureReason reason = check instanceof Accounts.Check.UnknownAccount
                            ? LoginFailureReason.UNKNOWN_USER
                            : LoginFailureReason.BAD_PASSWORD;
                    return refuse(body.account(), reason, sourceIp);
                });
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

    private Mono<ConsoleSessionOpened> open(Accounts.Account account, String sourceIp) {
        Lsid lsid = Lsid.random();
        Caller caller = new Caller(Caller.Kind.CONSOLE, account.name(), account.role(), lsid);

        return commands.send(new OpenConsoleSession(lsid, account.name(), account.role(),
                        sourceIp, "password"))
                .then(Mono.fromCallable(() -> tokens.issue(caller))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(token -> new ConsoleSessionOpened(lsid, account.name(), account.role(),
                        token.token(), token.expiresAt()));
    }

    private Mono<ConsoleSessionOpened> refuse(String attempted, LoginFailureReason reason,
            String sourceIp) {
        // The answer does not say whether the account exists; the event does.
        return commands.send(new RecordFailedLogin(Lsid.random(), attempted, reason, sourceIp))
                .then(Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED,
                        "the account name or the password is wrong")));
    }
}
