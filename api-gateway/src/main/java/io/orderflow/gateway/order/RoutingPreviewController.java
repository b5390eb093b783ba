package io.orderflow.gateway.order;

import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.coreapi.routing.RoutingPreview;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.validation.Valid;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Dry-run routing of an order body: the same engine and inputs as real routing, and nothing is reserved or stored. */
@RestController
class RoutingPreviewController {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AxonCalls axon;
    private final Clock clock;

    RoutingPreviewController(AxonCalls axon, Clock clock) {
        this.axon = axon;
        this.clock = clock;
    }

    @PostMapping("/api/v1/routing/preview")
    Mono<RoutingPreview> preview(@AuthenticationPrincipal Caller caller, @Valid @RequestBody PlaceOrderRequest body) {
        var badDate = body.outsideDateWindow(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        if (badDate.isPresent()) {
            return Mono.error(badDate.get());
        }
        return axon.query(body.toPreviewQuery(caller.retailerId()), ResponseTypes.instanceOf(RoutingPreview.class))
                .timeout(TIMEOUT)
                .onErrorMap(failure -> !(failure instanceof IllegalArgumentException),
                        failure -> Problems.error(HttpStatus.SERVICE_UNAVAILABLE,
                                "Routing preview is unavailable right now; try again."))
                .onErrorMap(IllegalArgumentException.class,
                        failure -> Problems.error(HttpStatus.UNPROCESSABLE_CONTENT, failure.getMessage()));
    }
}
