package io.orderflow.gateway.inventory;

import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.FindStockAvailabilityQuery;
import io.orderflow.coreapi.stock.FindStockDriftQuery;
import io.orderflow.coreapi.stock.FindSupplierLocationsQuery;
import io.orderflow.coreapi.stock.ReportStockLevelCommand;
import io.orderflow.coreapi.stock.SetSafetyStockCommand;
import io.orderflow.coreapi.stock.StockAvailabilityView;
import io.orderflow.coreapi.stock.StockDriftView;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.stock.StockUpdateOutcome;
import io.orderflow.coreapi.stock.SupplierLocations;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.Valid;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Stock availability for the retailer's people, and stock levels reported by hand. */
@RestController
class InventoryController {

    private static final Logger log = LoggerFactory.getLogger(InventoryController.class);
    private static final int MAX_ID_LENGTH = 100;
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 500;
    private static final int MAX_OFFSET = 1_000_000;
    private static final int DEFAULT_DRIFT = 100;
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final int PARALLEL_REPORTS = 8;

    private final AxonCalls axon;
    private final Clock clock;

    InventoryController(AxonCalls axon, Clock clock) {
        this.axon = axon;
        this.clock = clock;
    }

    record LevelOutcome(String supplierSku, String locationId, StockUpdateOutcome outcome) {
    }

    record StockReportAnswer(String supplierId, long applied, long stale, List<LevelOutcome> levels) {
    }

    @GetMapping("/api/v1/inventory")
    Mono<ResponseEntity<List<StockAvailabilityView>>> inventory(@AuthenticationPrincipal Caller caller,
                                                                @RequestParam(required = false) String sku,
                                                                @RequestParam(required = false) Integer limit,
                                                                @RequestParam(required = false) Integer offset) {
        if (sku != null && (sku.isBlank() || sku.length() > MAX_ID_LENGTH)) {
            return Mono.error(badParameter("sku", "must be a retailer SKU of at most " + MAX_ID_LENGTH + " characters"));
        }
        int pageSize = limit == null ? DEFAULT_PAGE : limit;
        int from = offset == null ? 0 : offset;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            return Mono.error(badParameter("limit", "must be between 1 and " + MAX_PAGE));
        }
        if (from < 0 || from > MAX_OFFSET) {
            return Mono.error(badParameter("offset", "must be between 0 and " + MAX_OFFSET));
        }
        return axon.query(new FindStockAvailabilityQuery(caller.retailerId(), sku, pageSize, from),
                        ResponseTypes.multipleInstancesOf(StockAvailabilityView.class))
                .timeout(QUERY_TIMEOUT)
                .onErrorMap(failure -> unavailable("Inventory query", failure))
                .map(page -> {
                    var response = ResponseEntity.ok();
                    if (page.size() == pageSize) {
                        var next = UriComponentsBuilder.fromPath("/api/v1/inventory")
                                .queryParamIfPresent("sku", Optional.ofNullable(sku))
                                .queryParam("limit", pageSize)
                                .queryParam("offset", from + pageSize)
                                .encode().build().toUriString();
                        response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
                    }
                    return response.body(page);
                });
    }

    /**
     * What reconciliation found (scope {@code admin}): each level where a supplier's figure differed from ours, newest
     * first, of one supplier when {@code supplierId} is given.
     */
    @GetMapping("/api/v1/inventory/drift")
    Mono<List<StockDriftView>> drift(@AuthenticationPrincipal Caller caller,
                                     @RequestParam(required = false) String supplierId,
                                     @RequestParam(required = false) Integer limit) {
        String supplier = supplierId == null ? null : InputRules.supplierId(supplierId);
        if (supplier != null && (supplier.isBlank() || supplier.length() > MAX_ID_LENGTH)) {
            return Mono.error(badParameter("supplierId", "must be a supplier id of 1 to " + MAX_ID_LENGTH + " characters"));
        }
        int pageSize = limit == null ? DEFAULT_DRIFT : limit;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            return Mono.error(badParameter("limit", "must be between 1 and " + MAX_PAGE));
        }
        return axon.query(new FindStockDriftQuery(caller.retailerId(), supplier, pageSize),
                        ResponseTypes.multipleInstancesOf(StockDriftView.class))
                .timeout(QUERY_TIMEOUT)
                .onErrorMap(failure -> unavailable("Stock drift query", failure));
    }

    @PostMapping("/api/v1/suppliers/{supplierId}/stock")
    Mono<ResponseEntity<StockReportAnswer>> report(@AuthenticationPrincipal Caller caller,
                                                   @PathVariable("supplierId") String rawSupplierId,
                                                   @Valid @RequestBody StockReportRequest body,
                                                   ServerWebExchange exchange) {
        String supplierId = InputRules.supplierId(rawSupplierId);
        if (supplierId.length() > MAX_ID_LENGTH) {
            return Mono.error(unknownSupplier());
        }
        var correlation = Map.of("correlationId", CorrelationId.of(exchange), "actor", caller.actor());
        return axon.query(new FindSupplierLocationsQuery(caller.retailerId(), supplierId),
                        ResponseTypes.optionalInstanceOf(SupplierLocations.class))
                .timeout(QUERY_TIMEOUT)
                .onErrorMap(failure -> unavailable("Supplier lookup", failure))
                .flatMap(Mono::justOrEmpty)
                .switchIfEmpty(Mono.error(InventoryController::unknownSupplier))
                .flatMap(supplier -> {
                    var errors = check(body, Set.copyOf(supplier.locationIds()));
                    if (!errors.isEmpty()) {
                        return Mono.error(Problems.error(HttpStatus.BAD_REQUEST, "The request body is invalid.",
                                Map.of("errors", errors)));
                    }
                    return Flux.fromIterable(body.levels())
                            .flatMapSequential(level -> apply(caller, new SupplierId(supplier.supplierId()), level,
                                    correlation), PARALLEL_REPORTS)
                            .collectList()
                            .map(outcomes -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new StockReportAnswer(
                                    supplier.supplierId(),
                                    outcomes.stream().filter(o -> o.outcome() == StockUpdateOutcome.APPLIED).count(),
                                    outcomes.stream().filter(o -> o.outcome() == StockUpdateOutcome.STALE).count(),
                                    outcomes)));
                });
    }

    /** Checks what bean validation cannot: whole numbers, known locations, no report from the future. */
    private List<Map<String, String>> check(StockReportRequest body, Set<String> locations) {
        var errors = new ArrayList<Map<String, String>>();
        var now = clock.instant();
        var latest = now.plus(InputRules.AS_OF_FUTURE_TOLERANCE);
        for (int i = 0; i < body.levels().size(); i++) {
            var level = body.levels().get(i);
            var field = "levels[" + i + "].";
            if (!isWhole(level.available())) {
                errors.add(Map.of("field", field + "available", "message", "must be a whole number"));
            }
            if (level.safetyStock() != null && !isWhole(level.safetyStock())) {
                errors.add(Map.of("field", field + "safetyStock", "message", "must be a whole number"));
            }
            if (!locations.contains(level.locationId())) {
                errors.add(Map.of("field", field + "locationId", "message", "is not a location of this supplier"));
            }
            if (level.asOf().isAfter(latest)) {
                errors.add(Map.of("field", field + "asOf", "message", "is in the future"));
            } else if (!InputRules.isPlausibleAsOf(level.asOf(), now)) {
                errors.add(Map.of("field", field + "asOf", "message", "is more than "
                        + InputRules.AS_OF_MAX_AGE.toDays() + " days old"));
            }
        }
        return errors;
    }

    private Mono<LevelOutcome> apply(Caller caller, SupplierId supplier, StockReportRequest.Level level,
                                     Map<String, String> metadata) {
        var position = StockPositionId.of(supplier, level.locationId(), level.supplierSku());
        Mono<Object> safety = level.safetyStock() == null ? Mono.empty()
                : axon.<Object>send(GenericCommandMessage.asCommandMessage(new SetSafetyStockCommand(position,
                        caller.retailerId(), supplier, level.locationId(), level.supplierSku(),
                        level.safetyStock().intValueExact())).andMetaData(metadata));
        Mono<StockUpdateOutcome> report = axon.send(GenericCommandMessage.asCommandMessage(new ReportStockLevelCommand(
                position, caller.retailerId(), supplier, level.locationId(), level.supplierSku(),
                level.available().intValueExact(), level.asOf())).andMetaData(metadata));
        return safety.then(report)
                .timeout(COMMAND_TIMEOUT)
                .onErrorMap(failure -> unavailable("Stock report for " + position, failure))
                .map(outcome -> new LevelOutcome(level.supplierSku(), level.locationId(), outcome));
    }

    private static boolean isWhole(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    private static ErrorResponseException badParameter(String name, String message) {
        return Problems.error(HttpStatus.BAD_REQUEST, "The query parameter " + name + " is invalid.",
                Map.of("errors", List.of(Map.of("field", name, "message", message))));
    }

    // Same answer whether the supplier does not exist or belongs to another retailer: ids must not leak.
    private static ErrorResponseException unknownSupplier() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such supplier.");
    }

    /** Reports are idempotent (a repeated one is stale), so a client may always retry the whole request. */
    private static Throwable unavailable(String what, Throwable failure) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        log.warn("{} failed: {}", what, failure.toString());
        var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE,
                "Stock cannot be read or reported right now; retry shortly.");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return unavailable;
    }
}
