package io.orderflow.gateway.web;

import io.orderflow.coreapi.shared.InputRules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Refuses, before anything reads them, path segments, query parameters and the headers the service uses when they
 * hold control characters (a NUL in {@code ?sku=} would otherwise reach PostgreSQL, which refuses it: a request that
 * can never succeed, answered 503). Bodies are checked field by field where they are read ({@link StrictJson}, and
 * the webhook ingress). Runs after the correlation id is set and before security.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ControlCharacterFilter implements WebFilter {

    static final List<String> HEADERS = List.of("X-Api-Key", "Idempotency-Key", CorrelationId.HEADER, "traceparent",
            "X-Orderflow-Signature", "X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Webhook-Id",
            "X-Shopify-Event-Id", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Triggered-At");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<Map<String, String>> errors;
        try {
            errors = check(exchange);
        } catch (IllegalArgumentException | IllegalStateException badEncoding) {
            // a malformed percent-encoding in the path or query
            errors = List.of(Map.of("field", "uri", "message", "is not correctly percent-encoded"));
        }
        if (errors.isEmpty()) {
            return chain.filter(exchange);
        }
        return Problems.write(exchange, Problems.problem(HttpStatus.BAD_REQUEST,
                "The request holds control characters where none may be.", Map.of("errors", errors)));
    }

    private static List<Map<String, String>> check(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        var errors = new ArrayList<Map<String, String>>();
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment
                    && InputRules.hasControlCharacters(segment.valueToMatch())) {
                errors.add(Map.of("field", "path", "message", "must not contain control characters"));
                break;
            }
        }
        request.getQueryParams().forEach((name, values) -> {
            if (InputRules.hasControlCharacters(name)) {
                errors.add(Map.of("field", "query", "message", "parameter names must not contain control characters"));
            } else if (values.stream().anyMatch(InputRules::hasControlCharacters)) {
                errors.add(Map.of("field", name, "message", "must not contain control characters"));
            }
        });
        for (String header : HEADERS) {
            var values = request.getHeaders().get(header);
            if (values != null && values.stream().anyMatch(InputRules::hasControlCharacters)) {
                errors.add(Map.of("field", header, "message", "must not contain control characters"));
            }
        }
        return errors;
    }
}
