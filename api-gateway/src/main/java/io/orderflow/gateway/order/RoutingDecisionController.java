package io.orderflow.gateway.order;

import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.coreapi.routing.FindRoutingDecisionsQuery;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.routing.RoutingDecisionView;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.Problems;

import java.time.Duration;
import java.util.List;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Why the order's lines went where they went (scope {@code admin}): every allocation's stored routing decision, with
 * each candidate's exclusion reasons or score breakdown, oldest first. An order that was never routed (held,
 * backordered) has none: an empty list. The candidates' costs and scores are operations' business, not a storefront's.
 */
@RestController
class RoutingDecisionController {

    private static final Logger log = LoggerFactory.getLogger(RoutingDecisionController.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final AxonCalls axon;

    RoutingDecisionController(AxonCalls axon) {
        this.axon = axon;
    }

    @GetMapping("/api/v1/orders/{orderId}/routing-decisions")
    Mono<List<RoutingDecisionView>> decisions(@AuthenticationPrincipal Caller caller, @PathVariable String orderId) {
        if (!OrderId.isWellFormed(orderId)) {
            return Mono.error(notFound());
        }
        var id = new OrderId(orderId);
        Mono<List<RoutingDecisionView>> decisions = axon.query(new FindRoutingDecisionsQuery(id, caller.retailerId()),
                ResponseTypes.multipleInstancesOf(RoutingDecisionView.class));
        return decisions.timeout(QUERY_TIMEOUT)
                .flatMap(found -> !found.isEmpty() ? Mono.just(found)
                        // none yet: an order of this retailer that was not routed, or no order at all
                        : axon.query(new FindOrderViewQuery(id, caller.retailerId()),
                                        ResponseTypes.optionalInstanceOf(OrderView.class))
                                .timeout(QUERY_TIMEOUT)
                                .flatMap(Mono::justOrEmpty)
                                .map(view -> found)
                                .switchIfEmpty(Mono.error(RoutingDecisionController::notFound)))
                .onErrorMap(RoutingDecisionController::unavailable);
    }

    private static ErrorResponseException notFound() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such order.");
    }

    private static Throwable unavailable(Throwable failure) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        log.warn("Routing decision query failed: {}", failure.toString());
        var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE,
                "Routing decisions cannot be read right now; retry shortly.");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return unavailable;
    }
}
