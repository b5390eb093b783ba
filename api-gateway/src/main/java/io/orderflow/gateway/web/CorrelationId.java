package io.orderflow.gateway.web;

import io.orderflow.coreapi.shared.InputRules;

import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.web.server.ServerWebExchange;

/** The correlation id of the exchange: the caller's {@value #HEADER} if it is sane, else a fresh UUID. */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    static final String ATTRIBUTE = CorrelationId.class.getName();

    // Anything else is replaced (and so is what looks like a card number): the id ends up in logs, Kafka headers,
    // event metadata and supplier calls.
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationId() {
    }

    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        if (id == null) {
            id = fromRequestOrNew(exchange.getRequest().getHeaders().getFirst(HEADER));
            exchange.getAttributes().put(ATTRIBUTE, id);
        }
        return id;
    }

    static String fromRequestOrNew(String presented) {
        return presented != null && SANE.matcher(presented).matches() && !InputRules.looksLikeCardNumber(presented)
                ? presented : UUID.randomUUID().toString();
    }
}
