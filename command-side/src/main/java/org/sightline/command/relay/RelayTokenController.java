package org.sightline.command.relay;

import static org.sightline.command.access.CallerRules.customerOfOrRep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.sightline.command.dispatch.CommandSender;
import org.sightline.contracts.Caller;
import org.sightline.contracts.Lsid;
import org.sightline.contracts.RepId;
import org.sightline.contracts.relay.AuthorizeRelay;
import org.sightline.contracts.relay.RelayRole;
import org.sightline.contracts.relay.RelayToken;
import org.sightline.contracts.relay.RelayTokens;
import org.sightline.contracts.session.Author;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Issues relay tokens: the customer's to publish the screen, a rep's to view it (only once
 * the customer granted that rep screen viewing). A token is good for connecting within its
 * short life; the session decides who may have one.
 */
@RestController
class RelayTokenController {

    private final CommandSender commands;
    private final RelayTokens tokens;
    private final Clock clock;
    private final Duration ttl;

    RelayTokenController(CommandSender commands, RelayTokens tokens, Clock clock,
            @Value("${sightline.relay.token-ttl:PT60S}") Duration ttl) {
        this.commands = commands;
        this.tokens = tokens;
        this.clock = clock;
        this.ttl = ttl;
    }

    record Issued(String token, RelayRole role, Instant expiresAt, String path) {
    }

    @PostMapping("/api/sessions/{lsid}/relay-token")
    Mono<Issued> issue(@PathVariable Lsid lsid,
            @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
        Caller who = customerOfOrRep(caller, lsid);
        boolean customer = who.isCustomerOf(lsid);
        RelayRole role = customer ? RelayRole.PUBLISHER : RelayRole.VIEWER;
        Author author = customer ? Author.customer(who.name()) : Author.rep(RepId.of(who.name()));
        return commands.send(new AuthorizeRelay(lsid, author, role))
                .then(Mono.fromSupplier(() -> {
                    Instant expiresAt = clock.instant().plus(ttl);
                    String token = tokens.sign(new RelayToken(lsid, role,
                            customer ? "customer" : who.name(), expiresAt));
                    return new Issued(token, role, expiresAt, "/relay/sessions/" + lsid.value()
                            + (customer ? "/publish" : "/view"));
                }));
    }
}
