package io.orderflow.infra.webhook;

import io.orderflow.infra.connector.AllocationLinks;
import io.orderflow.infra.connector.AllocationUnits;

import java.util.Optional;

import org.springframework.stereotype.Component;

/** The connectors' view of {@link AllocationLines}: typed lines, read once per report. */
@Component
class AllocationLinksOfSupplierOrders implements AllocationLinks {

    private final AllocationLines allocations;

    AllocationLinksOfSupplierOrders(AllocationLines allocations) {
        this.allocations = allocations;
    }

    @Override
    public Optional<String> orderOf(String supplierId, String allocationId) {
        return allocations.orderOf(supplierId, allocationId);
    }

    @Override
    public Optional<Link> bySupplierOrder(String supplierId, String supplierOrderRef) {
        return allocations.bySupplierOrder(supplierId, supplierOrderRef)
                .map(link -> new Link(link.orderId(), link.allocationId()));
    }

    @Override
    public AllocationUnits units(String allocationId) {
        return new AllocationUnits(allocations.lines(allocationId).stream()
                .map(line -> new AllocationUnits.Line(line.path("lineId").asString(), line.path("quantity").asInt(),
                        line.path("supplierSku").asString(""), line.path("supplierUnits").asInt()))
                .toList());
    }
}
