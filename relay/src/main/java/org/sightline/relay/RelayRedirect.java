package org.sightline.relay;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sightline.contracts.Lsid;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends a relay connection to the node that relays its session, before the WebSocket
 * handshake: {@code 307 Temporary Redirect} with that node's address in {@code Location}.
 */
@RelayNode
@Component
class RelayRedirect implements WebFilter {

    private static final Pattern RELAY = Pattern.compile("/relay/sessions/([0-9a-f]{32})/.*");

    private final RelayLeases leases;

    RelayRedirect(RelayLeases leases) {
        this.leases = leases;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Matcher relay = RELAY.matcher(exchange.getRequest().getPath().value());
        if (!leases.enabled() || !relay.matches()) {
            return chain.filter(exchange);
        }
        return Mono.fromCallable(() -> leases.elsewhere(Lsid.parse(relay.group(1))))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(owner -> {
                    if (owner.isEmpty()) {
                        return chain.filter(exchange);
                    }
                    URI here = exchange.getRequest().getURI();
                    exchange.getResponse().setStatusCode(HttpStatus.TEMPORARY_REDIRECT);
                    exchange.getResponse().getHeaders().setLocation(URI.create(owner.get()
                            + here.getRawPath()
                            + (here.getRawQuery() == null ? "" : "?" + here.getRawQuery())));
                    return exchange.getResponse().setComplete();
                });
    }
}
