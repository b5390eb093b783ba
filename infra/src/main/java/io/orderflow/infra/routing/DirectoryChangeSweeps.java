package io.orderflow.infra.routing;

import io.orderflow.coreapi.supplier.SupplierDirectoryChanged;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A supplier, catalog or policy that changed may let waiting orders go now: sweeps the backorders it concerns. */
@Component
class DirectoryChangeSweeps {

    private final BackorderSweeps sweeps;

    DirectoryChangeSweeps(BackorderSweeps sweeps) {
        this.sweeps = sweeps;
    }

    @EventListener
    void on(SupplierDirectoryChanged change) {
        sweeps.request(scopeOf(change), change.cause());
    }

    static BackorderSweeps.Scope scopeOf(SupplierDirectoryChanged change) {
        if (change.supplierId() != null) {
            return new BackorderSweeps.OfSupplier(change.supplierId());
        }
        return change.retailerId() != null ? new BackorderSweeps.OfRetailer(change.retailerId())
                : BackorderSweeps.Scope.EVERYTHING;
    }
}
