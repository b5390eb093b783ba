package io.orderflow.gateway.atrisk;

import io.orderflow.coreapi.order.FindAtRiskOrdersQuery;
import io.orderflow.coreapi.order.AtRiskOrderView;
import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Orders that need operations: carrier trouble, holds, timeouts, and deadlines (acceptance, promise date) that fall
 * within {@code within} (ISO-8601 duration, default two hours) from now. The caller's retailer only.
 */
@RestController
class AtRiskOrdersController {

    private static final Logger log = LoggerFactory.getLogger(AtRiskOrdersController.class);
    private static final Duration DEFAULT_WITHIN = Duration.ofHours(2);
    private static final Duration MAX_WITHIN = Duration.ofDays(90);
    private static final int DEFAULT_LIMIT = 200;
    private static final int MAX_LIMIT = 1000;
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final AxonCalls axon;
    private final Clock clock;

    AtRiskOrdersController(AxonCalls axon, Clock clock) {
        this.axon = axon;
        this.clock = clock;
    }

    @GetMapping("/api/v1/exceptions")
    Mono<List<AtRiskOrderView>> exceptions(@AuthenticationPrincipal Caller caller,
                                              @RequestParam(required = false) String within,
                                              @RequestParam(required = false) Integer limit) {
        Duration window;
        try {
            window = within == null ? DEFAULT_WITHIN : Duration.parse(within);
        } catch (DateTimeParseException e) {
            return Mono.error(badParameter("within", "must be an ISO-8601 duration such as PT2H"));
        }
        if (window.isNegative() || window.compareTo(MAX_WITHIN) > 0) {
            return Mono.error(badParameter("within", "must be between PT0S and P90D"));
        }
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            return Mono.error(badParameter("limit", "must be between 1 and " + MAX_LIMIT));
        }
        var query = new FindAtRiskOrdersQuery(caller.retailerId(), clock.instant().plus(window), pageSize);
        return axon.query(query, ResponseTypes.multipleInstancesOf(AtRiskOrderView.class))
                .timeout(QUERY_TIMEOUT)
                .onErrorMap(failure -> {
                    log.warn("exceptions query failed: {}", failure.toString());
                    var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE,
                            "The exceptions list cannot be read right now; retry shortly.");
                    unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                    return unavailable;
                });
    }

    private static ErrorResponseException badParameter(String name, String message) {
        return Problems.error(HttpStatus.BAD_REQUEST, "The query parameter " + name + " is invalid.",
                Map.of("errors", List.of(Map.of("field", name, "message", message))));
    }
}
