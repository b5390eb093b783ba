package io.orderflow.gateway.web;

import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.web.server.ServerWebExchange;

/** The trace id of a W3C {@code traceparent} header, kept with the order's messages for the audit trail. */
public final class TraceParent {

    public static final String HEADER = "traceparent";
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String INVALID_TRACE_ID = "0".repeat(32);

    private TraceParent() {
    }

    public static Optional<String> traceId(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (header == null || header.length() != 55) {
            return Optional.empty();
        }
        var matcher = VALID.matcher(header);
        return matcher.matches() && !INVALID_TRACE_ID.equals(matcher.group(1))
                ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
