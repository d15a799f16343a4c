package org.sightline.command.access;

import org.sightline.contracts.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Puts the caller proven by an {@code Authorization: Bearer} token into the request's
 * {@link Caller#ATTRIBUTE} attribute. A request without a valid token goes on without a
 * caller; each endpoint decides whether it needs one.
 */
@Component
public class BearerTokenFilter implements WebFilter {

    private static final String PREFIX = "Bearer ";

    private final AccessTokens tokens;

    public BearerTokenFilter(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return chain.filter(exchange);
        }

        String token = header.substring(PREFIX.length()).trim();
        boolean activity = !isEventStream(exchange);
        return Mono.fromCallable(() -> tokens.verify(token, activity))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(verified -> {
                    verified.ifPresent(v -> {
                        exchange.getAttributes().put(Caller.ATTRIBUTE, v.caller());
                        exchange.getAttributes().put(Caller.EXPIRES_ATTRIBUTE, v.expiresAt());
                    });
                    return chain.filter(exchange);
                });
    }

    /** A page's live stream reconnects by itself: it proves the token but is no activity. */
    private static boolean isEventStream(ServerWebExchange exchange) {
        try {
            return exchange.getRequest().getHeaders().getAccept().stream()
                    .anyMatch(type -> type.equalsTypeAndSubtype(MediaType.TEXT_EVENT_STREAM));
        } catch (InvalidMediaTypeException e) {
            return false; // the endpoint itself answers a malformed Accept header
        }
    }
}
