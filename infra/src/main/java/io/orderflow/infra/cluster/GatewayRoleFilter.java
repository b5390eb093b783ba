package io.orderflow.infra.cluster;

import java.nio.charset.StandardCharsets;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * On a node without the gateway role, only the actuator answers (health and metrics for whoever runs the node);
 * everything else is a 404 problem that says why, before any key is asked for.
 */
final class GatewayRoleFilter implements WebFilter, Ordered {

    private static final byte[] PROBLEM = """
            {"type":"about:blank","title":"Not Found","status":404,\
            "detail":"this node does not run the gateway role; send requests to a gateway node"}"""
            .getBytes(StandardCharsets.UTF_8);

    private final boolean gateway;

    GatewayRoleFilter(NodeRoles roles) {
        this.gateway = roles.has(NodeRole.GATEWAY);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (gateway || path.equals("/actuator") || path.startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.NOT_FOUND);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(PROBLEM)));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
