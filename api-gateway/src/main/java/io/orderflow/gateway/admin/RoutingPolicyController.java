package io.orderflow.gateway.admin;

import io.orderflow.coreapi.routing.FindRoutingPolicyQuery;
import io.orderflow.coreapi.routing.RoutingPolicyView;
import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** The caller's retailer's routing policy, scope {@code admin}: each change is a new version. */
@RestController
@RequestMapping("/api/v1/routing-policy")
class RoutingPolicyController {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final AxonCalls axon;

    RoutingPolicyController(AxonCalls axon) {
        this.axon = axon;
    }

    @PutMapping
    Mono<RoutingPolicyResponse> publish(@AuthenticationPrincipal Caller caller,
                                        @Valid @RequestBody RoutingPolicyRequest body, ServerWebExchange exchange) {
        var command = body.toCommand(caller.retailerId());
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of("correlationId", CorrelationId.of(exchange), "actor", caller.actor()));
        return axon.send(message)
                .timeout(COMMAND_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofCommand(failure, "Publishing the routing policy"))
                .cast(Integer.class)
                .map(version -> RoutingPolicyResponse.of(command, version));
    }

    @GetMapping
    Mono<RoutingPolicyResponse> current(@AuthenticationPrincipal Caller caller) {
        return axon.query(new FindRoutingPolicyQuery(caller.retailerId()),
                        ResponseTypes.optionalInstanceOf(RoutingPolicyView.class))
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Reading the routing policy"))
                .flatMap(Mono::justOrEmpty)
                .filter(view -> caller.retailerId().value().equals(view.retailerId()))
                .map(RoutingPolicyResponse::of)
                .switchIfEmpty(Mono.error(() -> Problems.error(HttpStatus.NOT_FOUND,
                        "No routing policy has been published yet.")));
    }
}
