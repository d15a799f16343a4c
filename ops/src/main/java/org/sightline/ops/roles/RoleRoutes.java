package org.sightline.ops.roles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Set;
import org.sightline.ops.roles.Roles.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers, on a node without the role, what only that role serves: without {@code web}, the
 * pages and the API; without {@code relay}, the relay's WebSockets. The answer is a 404
 * problem, so that a load balancer sending a path to the wrong Deployment shows at once.
 * The health endpoints answer on every node, and so does Actuator on the management port
 * (whose server runs this filter too).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RoleRoutes implements WebFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RoleRoutes.class);
    private static final Set<String> HEALTH = Set.of("/livez", "/readyz");

    private final Set<Role> roles;
    private final byte[] notWeb;
    private final byte[] notRelay;

    RoleRoutes(Environment environment, ObjectMapper json) throws JsonProcessingException {
        this.roles = Roles.of(environment);
        this.notWeb = json.writeValueAsBytes(problem(
                "this Sightline node serves neither the pages nor the API"));
        this.notRelay = json.writeValueAsBytes(problem("this Sightline node relays no screens"));
        LOG.info("Roles of this node: {}", Roles.names(roles));
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setType(URI.create("urn:sightline:problem:role-not-served"));
        return problem;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (HEALTH.contains(path) || path.startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        boolean relayPath = path.equals("/relay") || path.startsWith("/relay/");
        if (relayPath && !roles.contains(Role.RELAY)) {
            return refuse(exchange, notRelay);
        }
        if (!relayPath && !roles.contains(Role.WEB)) {
            return refuse(exchange, notWeb);
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, byte[] body) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.NOT_FOUND);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
