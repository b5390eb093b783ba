package io.orderflow.gateway.order;

import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.coreapi.order.AllocateOrderLinesManuallyCommand;
import io.orderflow.coreapi.order.CancelBackorderCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderStateConflict;
import io.orderflow.coreapi.order.ReleaseOrderHoldCommand;
import io.orderflow.coreapi.order.RetryBackorderCommand;
import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.gateway.idempotency.IdempotentRequests;
import io.orderflow.gateway.idempotency.Outcome;
import io.orderflow.gateway.port.IdempotencyStore.StoredResponse;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.validation.Valid;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What operators do with the orders nobody could automate (scope {@code admin}): release a hold, assign lines to a
 * supplier by hand, retry or cancel a backorder. Each is one command, idempotent by {@code Idempotency-Key} like order
 * intake, answered 202 once recorded, 409 when the order's state does not allow it (not held, no backordered line,
 * no stock at the chosen location), 404 for another retailer's order. The caller's key name is the actor recorded
 * with the reason in the order's history and on its timeline.
 */
@RestController
@RequestMapping("/api/v1/orders")
class OrderInterventionController {

    private static final Logger log = LoggerFactory.getLogger(OrderInterventionController.class);
    private static final JsonMapper JSON = new JsonMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    // order ids are name-based UUIDs (OrderId.of); anything else is no order, and may be another aggregate's stream
    private final IdempotentRequests idempotency;
    private final AxonCalls axon;
    private final Clock clock;

    OrderInterventionController(IdempotentRequests idempotency, AxonCalls axon, Clock clock) {
        this.idempotency = idempotency;
        this.axon = axon;
        this.clock = clock;
    }

    @PostMapping("/{orderId}/hold-release")
    Mono<ResponseEntity<byte[]>> releaseHold(@AuthenticationPrincipal Caller caller, @PathVariable String orderId,
                                             @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
                                             @Valid @RequestBody OrderInterventionRequests.Reason body,
                                             ServerWebExchange exchange) {
        return act(caller, orderId, key, "hold-release", body.reason(), exchange, "HOLD_RELEASED",
                id -> new ReleaseOrderHoldCommand(id, caller.retailerId(), caller.actor(), body.reason(),
                        clock.instant()));
    }

    @PostMapping("/{orderId}/manual-allocation")
    Mono<ResponseEntity<byte[]>> allocate(@AuthenticationPrincipal Caller caller, @PathVariable String orderId,
                                          @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
                                          @Valid @RequestBody OrderInterventionRequests.ManualAllocation body,
                                          ServerWebExchange exchange) {
        var supplierId = InputRules.supplierId(body.supplierId());
        var lineIds = body.lines().stream().map(OrderInterventionRequests.ManualAllocation.LineRef::lineId)
                .distinct().toList();
        var canonical = supplierId + "|" + body.locationId() + "|" + String.join(",", lineIds.stream().sorted().toList())
                + "|" + body.reason();
        return act(caller, orderId, key, "manual-allocation", canonical, exchange, "ALLOCATED",
                id -> new AllocateOrderLinesManuallyCommand(id, caller.retailerId(), new SupplierId(supplierId),
                        body.locationId(), lineIds, caller.actor(), body.reason(), clock.instant()));
    }

    @PostMapping("/{orderId}/backorder-retry")
    Mono<ResponseEntity<byte[]>> retryBackorder(@AuthenticationPrincipal Caller caller, @PathVariable String orderId,
                                                @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
                                                @Valid @RequestBody OrderInterventionRequests.Reason body,
                                                ServerWebExchange exchange) {
        return act(caller, orderId, key, "backorder-retry", body.reason(), exchange, "BACKORDER_RETRIED",
                id -> new RetryBackorderCommand(id, caller.retailerId(), caller.actor(), body.reason(), clock.instant()));
    }

    @PostMapping("/{orderId}/backorder-cancellation")
    Mono<ResponseEntity<byte[]>> cancelBackorder(@AuthenticationPrincipal Caller caller, @PathVariable String orderId,
                                                 @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
                                                 @Valid @RequestBody OrderInterventionRequests.Reason body,
                                                 ServerWebExchange exchange) {
        return act(caller, orderId, key, "backorder-cancellation", body.reason(), exchange, "BACKORDER_CANCELLED",
                id -> new CancelBackorderCommand(id, caller.retailerId(), caller.actor(), body.reason(),
                        clock.instant()));
    }

    private Mono<ResponseEntity<byte[]>> act(Caller caller, String orderId, String key, String action, String canonical,
                                             ServerWebExchange exchange, String outcome,
                                             Function<OrderId, Object> command) {
        var badKey = IdempotentRequests.checkKey(key, "a unique value per " + action + " request and reuse it when "
                + "you retry that request");
        if (badKey.isPresent()) {
            return Mono.error(new ErrorResponseException(HttpStatus.BAD_REQUEST, badKey.get(), null));
        }
        if (!OrderId.isWellFormed(orderId)) {
            return Mono.error(Problems.error(HttpStatus.NOT_FOUND, "No such order."));
        }
        String correlationId = CorrelationId.of(exchange);
        var message = GenericCommandMessage.asCommandMessage(command.apply(new OrderId(orderId)))
                .andMetaData(Map.of("correlationId", correlationId, "actor", caller.actor()));
        return idempotency.execute(caller.retailerId().value(), key, IdempotentRequests.requestHash(action + "|" + orderId + "|" + canonical),
                        () -> axon.send(message)
                                .timeout(COMMAND_TIMEOUT)
                                .then(Mono.fromSupplier(() -> accepted(orderId, outcome)))
                                .onErrorResume(failure -> Mono.just(refused(failure, orderId, action, correlationId))))
                .map(IdempotentRequests::answer);
    }

    private static Outcome accepted(String orderId, String outcome) {
        var body = new LinkedHashMap<String, Object>();
        body.put("orderId", orderId);
        body.put("outcome", outcome);
        body.put("order", OrderController.location(orderId));
        return new Outcome.Final(new StoredResponse(HttpStatus.ACCEPTED.value(), OrderController.location(orderId),
                JSON.writeValueAsString(body)));
    }

    private static Outcome refused(Throwable failure, String orderId, String action, String correlationId) {
        if (CommandFailures.isUnknownAggregate(failure)) {
            return new Outcome.Final(IdempotentRequests.problem(HttpStatus.NOT_FOUND, "No such order.", Map.of()));
        }
        IllegalArgumentException violation = CommandFailures.ruleViolation(failure);
        if (violation != null) {
            var status = violation instanceof OrderStateConflict ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY;
            var message = violation.getMessage() == null ? "The order does not allow this now." : violation.getMessage();
            return new Outcome.Final(IdempotentRequests.problem(status, message.length() <= 300 ? message : message.substring(0, 300),
                    Map.of("orderId", orderId)));
        }
        log.warn("{} of order {} failed (correlation id {}); the client may retry", action, orderId, correlationId,
                failure);
        return new Outcome.Retryable(IdempotentRequests.problem(HttpStatus.SERVICE_UNAVAILABLE,
                "The " + action + " could not be recorded right now; retry with the same Idempotency-Key.", Map.of()));
    }
}
