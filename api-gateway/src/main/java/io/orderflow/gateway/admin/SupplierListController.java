package io.orderflow.gateway.admin;

import io.orderflow.coreapi.supplier.FindSuppliersQuery;
import io.orderflow.coreapi.supplier.SupplierListEntry;
import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.gateway.port.SupplierCircuits;
import io.orderflow.gateway.security.Caller;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * The retailer's suppliers at a glance (scope {@code admin}): directory entry, circuit state and scorecard. The
 * circuit is the answering node's own breaker (each node keeps its own); the scorecard is the running counts routing
 * reads its reliability from. A node that calls no supplier (no breakers here) says UNKNOWN.
 */
@RestController
class SupplierListController {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    record SupplierSummary(String supplierId, String name, String connectorType, boolean active, int priority,
                           int catalogVersion, Instant updatedAt, String circuit, SupplierListEntry.Scorecard scorecard) {
    }

    static final String UNKNOWN = "UNKNOWN";

    private final AxonCalls axon;
    private final ObjectProvider<SupplierCircuits> circuits;

    SupplierListController(AxonCalls axon, ObjectProvider<SupplierCircuits> circuits) {
        this.axon = axon;
        this.circuits = circuits;
    }

    @GetMapping("/api/v1/suppliers")
    Mono<List<SupplierSummary>> suppliers(@AuthenticationPrincipal Caller caller) {
        return axon.query(new FindSuppliersQuery(caller.retailerId()),
                        ResponseTypes.multipleInstancesOf(SupplierListEntry.class))
                .timeout(READ_TIMEOUT)
                .onErrorMap(failure -> AdminFailures.ofRead(failure, "Reading the suppliers"))
                .map(entries -> {
                    var breakers = circuits.getIfAvailable();
                    return entries.stream().map(e -> new SupplierSummary(e.supplierId(), e.name(), e.connectorType(),
                            e.active(), e.priority(), e.catalogVersion(), e.updatedAt(),
                            breakers == null ? UNKNOWN : breakers.state(e.supplierId()), e.scorecard())).toList();
                });
    }
}
