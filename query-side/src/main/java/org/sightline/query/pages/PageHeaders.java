package org.sightline.query.pages;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The headers every response carries so that the pages run only their own code: scripts,
 * styles and connections from this site alone, no framing, no content sniffing, no
 * referrer leaving the site; on HTTPS answers, HSTS. A chat line that holds markup can then
 * at worst show as text, which the pages make sure of in the first place.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PageHeaders implements WebFilter {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** One year: how long a browser keeps to HTTPS for this host after an HTTPS answer. */
    static final long HSTS_SECONDS = 31_536_000;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("Content-Security-Policy", POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(),"
                + " display-capture=(self)");
        if (exchange.getRequest().getSslInfo() != null) {
            // Browsers that once reached the site over HTTPS never try plain HTTP again.
            headers.set("Strict-Transport-Security", "max-age=" + HSTS_SECONDS);
        }
        if (exchange.getRequest().getPath().value().startsWith("/api/")) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return chain.filter(exchange);
    }
}
