package io.orderflow.gateway.order;

import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.coreapi.order.OrderStatus;
import io.orderflow.coreapi.order.OrderSearchPage;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.order.SearchOrdersQuery;
import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.tracking.TrackingTokens;
import io.orderflow.gateway.web.Problems;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Order search for the retailer's operators and storefront: filters, newest placed first, keyset pages. The cursor is
 * the position of the page's last order, encoded; it is opaque to clients and stays valid however many orders are
 * placed meanwhile. Every parameter is checked; an unknown one is refused (a misspelt filter would otherwise
 * silently match everything).
 */
@RestController
@RequestMapping("/api/v1/orders")
class OrderSearchController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    /** atRisk=true: on the exceptions list now, or with a deadline within this (as GET /api/v1/exceptions). */
    static final Duration AT_RISK_WITHIN = Duration.ofHours(2);
    private static final int MAX_ID_LENGTH = 100;
    private static final Set<String> PARAMETERS = Set.of("status", "supplierId", "sku", "placedFrom", "placedTo",
            "atRisk", "limit", "cursor");
    private static final String CURSOR_VERSION = "o1";
    // what PostgreSQL's timestamptz and a sane client can mean
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(OrderSearchController.class);

    record Page(List<OrderView> items, String nextCursor) {
    }

    private final AxonCalls axon;
    private final TrackingTokens tracking;
    private final Clock clock;

    OrderSearchController(AxonCalls axon, TrackingTokens tracking, Clock clock) {
        this.axon = axon;
        this.tracking = tracking;
        this.clock = clock;
    }

    @GetMapping
    Mono<Page> search(@AuthenticationPrincipal Caller caller, @RequestParam MultiValueMap<String, String> parameters) {
        SearchOrdersQuery query;
        try {
            query = parse(caller, parameters, clock.instant());
        } catch (ErrorResponseException bad) {
            return Mono.error(bad);
        }
        return axon.query(query, ResponseTypes.instanceOf(OrderSearchPage.class))
                .timeout(QUERY_TIMEOUT)
                .onErrorMap(failure -> {
                    log.warn("order search failed: {}", failure.toString());
                    var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE,
                            "Orders cannot be searched right now; retry shortly.");
                    unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                    return unavailable;
                })
                .map(page -> new Page(page.items().stream()
                        .filter(view -> view.retailerId() == null || view.retailerId().equals(caller.retailerId().value()))
                        .map(view -> view.withTrackingUrl(tracking.trackingUrl(view.orderId())))
                        .toList(), page.next() == null ? null : cursor(page.next())));
    }

    static SearchOrdersQuery parse(Caller caller, MultiValueMap<String, String> parameters, Instant now) {
        var errors = new ArrayList<Map<String, String>>();
        var unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(PARAMETERS);
        unknown.forEach(name -> errors.add(error(name.length() > 50 ? name.substring(0, 50) + "…" : name,
                "is not a parameter of the order search; use " + String.join(", ", new TreeSet<>(PARAMETERS)))));
        PARAMETERS.stream().filter(name -> parameters.getOrDefault(name, List.of()).size() > 1).sorted()
                .forEach(name -> errors.add(error(name, "must be given at most once")));

        String status = single(parameters, "status");
        if (status != null && Arrays.stream(OrderStatus.values()).noneMatch(s -> s.name().equals(status))) {
            errors.add(error("status", "must be one of " + Arrays.toString(OrderStatus.values())));
        }
        String supplierId = single(parameters, "supplierId");
        if (supplierId != null) {
            supplierId = InputRules.supplierId(supplierId);
            if (supplierId.isBlank() || supplierId.length() > MAX_ID_LENGTH) {
                errors.add(error("supplierId", "must be a supplier id of 1 to " + MAX_ID_LENGTH + " characters"));
            }
        }
        String sku = single(parameters, "sku");
        if (sku != null && (sku.isBlank() || sku.length() > MAX_ID_LENGTH)) {
            errors.add(error("sku", "must be a retailer SKU of 1 to " + MAX_ID_LENGTH + " characters"));
        }
        Instant placedFrom = instant(parameters, "placedFrom", errors);
        Instant placedTo = instant(parameters, "placedTo", errors);
        if (placedFrom != null && placedTo != null && !placedFrom.isBefore(placedTo)) {
            errors.add(error("placedTo", "must be after placedFrom"));
        }
        String atRisk = single(parameters, "atRisk");
        if (atRisk != null && !atRisk.equals("true") && !atRisk.equals("false")) {
            errors.add(error("atRisk", "must be true or false"));
        }
        int limit = DEFAULT_LIMIT;
        String rawLimit = single(parameters, "limit");
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(error("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        SearchOrdersQuery.Position after = null;
        String rawCursor = single(parameters, "cursor");
        if (rawCursor != null) {
            after = position(rawCursor);
            if (after == null) {
                errors.add(error("cursor", "must be a nextCursor this search answered"));
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.error(HttpStatus.BAD_REQUEST, "The order search's query parameters are invalid.",
                    Map.of("errors", errors));
        }
        return new SearchOrdersQuery(caller.retailerId(), status, supplierId, sku, placedFrom, placedTo,
                "true".equals(atRisk) ? now.plus(AT_RISK_WITHIN) : null, limit, after);
    }

    private static String single(MultiValueMap<String, String> parameters, String name) {
        var values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static Instant instant(MultiValueMap<String, String> parameters, String name,
                                   List<Map<String, String>> errors) {
        var raw = single(parameters, name);
        if (raw == null) {
            return null;
        }
        try {
            var instant = Instant.parse(raw);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                errors.add(error(name, "must be between " + EARLIEST + " and " + LATEST));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(error(name, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"));
            return null;
        }
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    /** "o1", placed_at in microseconds since the epoch, order id; base64url so that it reads as one opaque token. */
    static String cursor(SearchOrdersQuery.Position position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.placedAt());
        var text = CURSOR_VERSION + "|" + micros + "|" + position.orderId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static SearchOrdersQuery.Position position(String cursor) {
        if (cursor.length() > 300) {
            return null;
        }
        try {
            var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            var parts = text.split("\\|", 3);
            if (parts.length != 3 || !parts[0].equals(CURSOR_VERSION) || parts[2].isEmpty()
                    || parts[2].length() > MAX_ID_LENGTH || InputRules.hasControlCharacters(parts[2])) {
                return null;
            }
            var placedAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            if (placedAt.isBefore(EARLIEST) || placedAt.isAfter(LATEST)) {
                return null;
            }
            return new SearchOrdersQuery.Position(placedAt, parts[2]);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            return null;
        }
    }
}
