package io.orderflow.gateway.privacy;

import io.orderflow.coreapi.order.ErasePersonalDataCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.gateway.port.PersonalDataVault;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Erasure of customers' personal data (GDPR art. 17). The data keys go first, in one transaction: from that moment
 * no node can read the data again, whatever happens next. Each order then records the erasure in its history, so
 * that auditors see when it happened and by whose request. The caller's retailer's orders only.
 */
@RestController
class ErasureController {

    private static final Logger log = LoggerFactory.getLogger(ErasureController.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);

    private final PersonalDataVault vault;
    private final AxonCalls axon;
    private final Clock clock;

    ErasureController(PersonalDataVault vault, AxonCalls axon, Clock clock) {
        this.vault = vault;
        this.axon = axon;
        this.clock = clock;
    }

    @PostMapping("/api/v1/privacy/erasures")
    Mono<Map<String, Object>> erase(@AuthenticationPrincipal Caller caller, @Valid @RequestBody ErasureRequest body) {
        boolean byEmail = body.email() != null && !body.email().isBlank();
        boolean byOrders = body.orderIds() != null && !body.orderIds().isEmpty();
        if (byEmail == byOrders) {
            return Mono.error(invalid("give either email or orderIds, not both"));
        }
        List<OrderId> orderIds = byOrders ? body.orderIds().stream().map(OrderId::new).toList() : List.of();
        Instant erasedAt = clock.instant();
        return vault.erase(caller.retailerId(), byEmail ? body.email() : null, orderIds)
                .flatMap(erased -> Flux.fromIterable(erased)
                        .concatMap(orderId -> record(caller, orderId, erasedAt))
                        .then(Mono.fromSupplier(() -> {
                            var answer = new LinkedHashMap<String, Object>();
                            answer.put("erasedOrderIds", erased.stream().map(OrderId::value).toList());
                            answer.put("erasedAt", erasedAt);
                            return answer;
                        })));
    }

    /** The keys are gone already; a history that fails to record it is logged, and a repeat request records it. */
    private Mono<Void> record(Caller caller, OrderId orderId, Instant erasedAt) {
        var message = GenericCommandMessage.asCommandMessage(
                        new ErasePersonalDataCommand(orderId, caller.retailerId(), erasedAt))
                .andMetaData(Map.of("actor", caller.actor()));
        return axon.send(message)
                .timeout(COMMAND_TIMEOUT)
                .onErrorResume(failure -> {
                    log.warn("The erasure of order {}'s personal data is done, but its history could not record it:"
                            + " {}", orderId.value(), failure.toString());
                    return Mono.empty();
                })
                .then();
    }

    private static ErrorResponseException invalid(String message) {
        return Problems.error(HttpStatus.BAD_REQUEST, "The request body is invalid.",
                Map.of("errors", List.of(Map.of("field", "email", "message", message))));
    }
}
