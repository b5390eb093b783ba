package io.orderflow.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/** Runs before security so that 401s and 403s carry the correlation id too. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CorrelationIdFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = CorrelationId.of(exchange);
        var response = exchange.getResponse();
        response.getHeaders().set(CorrelationId.HEADER, id);
        // error handlers may rebuild the response headers; set it again just before they are sent
        response.beforeCommit(() -> {
            response.getHeaders().set(CorrelationId.HEADER, id);
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
