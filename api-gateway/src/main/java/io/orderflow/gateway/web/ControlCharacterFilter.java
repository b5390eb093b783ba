package io.orderflow.gateway.web;

import io.orderflow.coreapi.shared.InputRules;

import java.net.URI;
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
 * can never succeed, answered 503), and refuses a value that looks like a payment card number in a path segment, a
 * query parameter or the Idempotency-Key. Bodies are checked field by field where they are read ({@link StrictJson},
 * and the webhook ingress). Runs after the correlation id is set and before security.
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
            String cardField = cardNumberField(exchange);
            if (cardField == null) {
                return chain.filter(exchange);
            }
            var problem = ProblemAdvice.cardNumber(cardField);
            // the problem's instance is the path: it must not quote the number either
            problem.setInstance(redactedPath(exchange));
            return Problems.write(exchange, problem);
        }
        return Problems.write(exchange, Problems.problem(HttpStatus.BAD_REQUEST,
                "The request holds control characters where none may be.", Map.of("errors", errors)));
    }

    private static URI redactedPath(ServerWebExchange exchange) {
        var path = new StringBuilder();
        for (PathContainer.Element element : exchange.getRequest().getPath().pathWithinApplication().elements()) {
            path.append(element instanceof PathContainer.PathSegment segment
                    && InputRules.looksLikeCardNumber(segment.valueToMatch()) ? "redacted" : element.value());
        }
        try {
            return URI.create(path.toString());
        } catch (IllegalArgumentException notAUri) {
            return URI.create("/");
        }
    }

    /**
     * The first path segment, query parameter or stored header holding what looks like a card number (see
     * {@link InputRules#looksLikeCardNumber}), or null. The Idempotency-Key is stored; path and query values reach
     * logs. The correlation id is not refused but replaced ({@link CorrelationId}).
     */
    private static String cardNumberField(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment
                    && InputRules.looksLikeCardNumber(segment.valueToMatch())) {
                return "path";
            }
        }
        for (var parameter : request.getQueryParams().entrySet()) {
            if (InputRules.looksLikeCardNumber(parameter.getKey())) {
                return "query";
            }
            if (parameter.getValue().stream().anyMatch(InputRules::looksLikeCardNumber)) {
                return parameter.getKey();
            }
        }
        var idempotencyKeys = request.getHeaders().get("Idempotency-Key");
        if (idempotencyKeys != null && idempotencyKeys.stream().anyMatch(InputRules::looksLikeCardNumber)) {
            return "Idempotency-Key";
        }
        return null;
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
