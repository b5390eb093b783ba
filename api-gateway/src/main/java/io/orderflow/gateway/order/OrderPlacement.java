package io.orderflow.gateway.order;

import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.gateway.idempotency.IdempotentRequests;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.order.PlaceOrderCommand;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.idempotency.Outcome;
import io.orderflow.gateway.port.IdempotencyStore.StoredResponse;
import io.orderflow.gateway.port.PersonalDataVault;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.tracking.TrackingTokens;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a validated order body into a PlaceOrderCommand and its result into the answer to keep; also places the orders
 * that come from a retailer's own store ({@link #placeSealed}), the same way.
 */
@Component
public class OrderPlacement {

    private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);

    // Own mapper, not the application's: the hash of a body must not change when the app's JSON settings do.
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .build();
    private static final JsonMapper JSON = new JsonMapper();
    // A client must not hang forever on a stuck command. Its fate is then unknown, so the answer is a retryable
    // 503; the deterministic order id turns a retry of an order that did get placed into a 409, never a second order.
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);

    private final AxonCalls axon;
    private final TrackingTokens tracking;
    private final PersonalDataVault vault;
    private final Clock clock;

    OrderPlacement(AxonCalls axon, TrackingTokens tracking, PersonalDataVault vault, Clock clock) {
        this.axon = axon;
        this.tracking = tracking;
        this.vault = vault;
        this.clock = clock;
    }

    static String requestHash(PlaceOrderRequest body) {
        return IdempotentRequests.requestHash(CANONICAL.writeValueAsBytes(body.canonical()));
    }

    /** Never fails: every result of the command becomes an {@link Outcome}. */
    /** traceId: the caller's W3C trace, if it sent one; null otherwise. */
    Mono<Outcome> place(Caller caller, PlaceOrderRequest body, String correlationId, String traceId) {
        OrderId orderId = OrderId.of(caller.retailerId(), body.externalOrderId());
        var placedAt = clock.instant();
        return send(orderId, caller.retailerId(), body.personalData(),
                sealed -> body.toCommand(orderId, caller.retailerId(), placedAt, sealed),
                metaData(caller, correlationId, traceId))
                .then(Mono.fromSupplier(() -> placed(orderId)))
                .onErrorResume(failure -> Mono.just(refused(failure, orderId, correlationId)));
    }

    /**
     * Seals the customer's data under the order's key, then places the order the function makes of the sealed data.
     * Answers true when placed now, false when the order existed already (its id comes from the external order id);
     * fails with whatever else went wrong (a rule the order breaks: {@link CommandFailures#ruleViolation}).
     */
    public Mono<Boolean> placeSealed(OrderId orderId, RetailerId retailer, PersonalData data,
                                     Function<SealedPersonalData, PlaceOrderCommand> command,
                                     Map<String, String> metaData) {
        return send(orderId, retailer, data, command, metaData)
                .thenReturn(true)
                .onErrorResume(CommandFailures::isDuplicateAggregate, duplicate -> Mono.just(false));
    }

    private Mono<Object> send(OrderId orderId, RetailerId retailer, PersonalData data,
                              Function<SealedPersonalData, PlaceOrderCommand> command, Map<String, String> metaData) {
        return vault.seal(orderId, retailer, data)
                .map(sealed -> GenericCommandMessage.asCommandMessage(command.apply(sealed)).andMetaData(metaData))
                .flatMap(axon::send)
                .timeout(COMMAND_TIMEOUT);
    }

    private static Map<String, String> metaData(Caller caller, String correlationId, String traceId) {
        var metaData = new HashMap<String, String>();
        metaData.put("correlationId", correlationId);
        metaData.put("actor", caller.actor());
        if (traceId != null) {
            metaData.put("traceId", traceId);
        }
        return metaData;
    }

    private Outcome placed(OrderId orderId) {
        var body = new LinkedHashMap<String, Object>();
        body.put("orderId", orderId.value());
        body.put("status", "PLACED");
        body.put("trackingUrl", tracking.trackingUrl(orderId.value()));
        return new Outcome.Final(new StoredResponse(HttpStatus.CREATED.value(), OrderController.location(orderId.value()),
                JSON.writeValueAsString(body)));
    }

    private static Outcome refused(Throwable failure, OrderId orderId, String correlationId) {
        if (CommandFailures.isDuplicateAggregate(failure)) {
            return new Outcome.Final(IdempotentRequests.problem(HttpStatus.CONFLICT,
                    "An order with this externalOrderId already exists.", Map.of("orderId", orderId.value())));
        }
        IllegalArgumentException violation = CommandFailures.ruleViolation(failure);
        if (violation != null) {
            return new Outcome.Final(IdempotentRequests.problem(HttpStatus.UNPROCESSABLE_ENTITY, clip(violation.getMessage()),
                    Map.of("orderId", orderId.value())));
        }
        log.warn("Placing order {} failed (correlation id {}); the client may retry", orderId, correlationId, failure);
        return new Outcome.Retryable(IdempotentRequests.problem(HttpStatus.SERVICE_UNAVAILABLE,
                "The order could not be placed right now; retry with the same Idempotency-Key.", Map.of()));
    }

    private static String clip(String message) {
        if (message == null || message.isBlank()) {
            return "The order breaks a rule.";
        }
        return message.length() <= 300 ? message : message.substring(0, 300);
    }
}
