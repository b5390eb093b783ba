package io.orderflow.gateway.order;

import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.coreapi.order.CancelOrderCommand;
import io.orderflow.coreapi.order.LinesNotCancellable;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.gateway.idempotency.IdempotentRequests;
import io.orderflow.gateway.idempotency.Outcome;
import io.orderflow.gateway.port.IdempotencyStore.StoredResponse;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Storefront cancellation. Accepted (202) means: lines without a supplier order are cancelled,
 * the others are being cancelled at their supplier, whose answer shows on the order and its timeline. Lines that
 * have shipped are refused at once (409, naming them). Idempotent by {@code Idempotency-Key}, like order intake.
 */
@RestController
@RequestMapping("/api/v1/orders")
class OrderCancellationController {

    private static final Logger log = LoggerFactory.getLogger(OrderCancellationController.class);
    private static final JsonMapper JSON = new JsonMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);

    private final IdempotentRequests idempotency;
    private final AxonCalls axon;
    private final Clock clock;

    OrderCancellationController(IdempotentRequests idempotency, AxonCalls axon, Clock clock) {
        this.idempotency = idempotency;
        this.axon = axon;
        this.clock = clock;
    }

    @PostMapping("/{orderId}/cancellation")
    Mono<ResponseEntity<byte[]>> cancel(@AuthenticationPrincipal Caller caller, @PathVariable String orderId,
                                        @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
                                        @Valid @RequestBody(required = false) CancelOrderRequest body,
                                        ServerWebExchange exchange) {
        var badKey = IdempotentRequests.checkKey(key,
                "a unique value per cancellation request and reuse it when you retry that request");
        if (badKey.isPresent()) {
            return Mono.error(new ErrorResponseException(HttpStatus.BAD_REQUEST, badKey.get(), null));
        }
        if (!OrderId.isWellFormed(orderId)) {
            return Mono.error(Problems.error(HttpStatus.NOT_FOUND, "No such order."));
        }
        var request = body == null ? new CancelOrderRequest(null, null) : body;
        String correlationId = CorrelationId.of(exchange);
        return idempotency.execute(caller.retailerId().value(), key, IdempotentRequests.requestHash(request.canonical(orderId)),
                        () -> send(caller, orderId, request, correlationId))
                .map(IdempotentRequests::answer);
    }

    private Mono<Outcome> send(Caller caller, String orderId, CancelOrderRequest request, String correlationId) {
        List<LineQuantity> lines = request.lines() == null ? List.of() : request.lines().stream()
                .map(l -> new LineQuantity(l.lineId(), l.quantity() == null ? 0 : l.quantity())).toList();
        var command = new CancelOrderCommand(new OrderId(orderId), caller.retailerId(), lines, request.reason(),
                clock.instant());
        var message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of("correlationId", correlationId, "actor", caller.actor()));
        return axon.send(message)
                .timeout(COMMAND_TIMEOUT)
                .then(Mono.fromSupplier(() -> accepted(orderId)))
                .onErrorResume(failure -> Mono.just(refused(failure, orderId, correlationId)));
    }

    private static Outcome accepted(String orderId) {
        var body = new LinkedHashMap<String, Object>();
        body.put("orderId", orderId);
        body.put("status", "CANCELLATION_REQUESTED");
        body.put("order", OrderController.location(orderId));
        return new Outcome.Final(new StoredResponse(HttpStatus.ACCEPTED.value(), OrderController.location(orderId),
                JSON.writeValueAsString(body)));
    }

    private static Outcome refused(Throwable failure, String orderId, String correlationId) {
        if (CommandFailures.isUnknownAggregate(failure)) {
            return new Outcome.Final(IdempotentRequests.problem(HttpStatus.NOT_FOUND, "No such order.", Map.of()));
        }
        IllegalArgumentException violation = CommandFailures.ruleViolation(failure);
        if (violation instanceof LinesNotCancellable shipped) {
            return new Outcome.Final(IdempotentRequests.problem(HttpStatus.CONFLICT, shipped.getMessage(),
                    Map.of("orderId", orderId, "lines", shipped.lineIds())));
        }
        if (violation != null) {
            var message = violation.getMessage() == null ? "The cancellation breaks a rule." : violation.getMessage();
            return new Outcome.Final(IdempotentRequests.problem(HttpStatus.UNPROCESSABLE_ENTITY,
                    message.length() <= 300 ? message : message.substring(0, 300), Map.of("orderId", orderId)));
        }
        log.warn("Cancelling order {} failed (correlation id {}); the client may retry", orderId, correlationId, failure);
        return new Outcome.Retryable(IdempotentRequests.problem(HttpStatus.SERVICE_UNAVAILABLE,
                "The cancellation could not be recorded right now; retry with the same Idempotency-Key.", Map.of()));
    }
}
