package io.orderflow.infra.routing;

import io.orderflow.coreapi.stock.StockDeltaAppliedEvent;
import io.orderflow.coreapi.stock.StockLevelReportedEvent;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Stock reported for a position may let the orders waiting for its SKU go: asks for a sweep of them, which runs
 * once for any number of reports in the sweep's quiet period (a busy SKU is reported at every acceptance). Only
 * noted here, so the processor never waits on routing; what is noted but not swept when the service stops is swept
 * at the next start.
 */
@Component
@ProcessingGroup(BackorderStockTriggers.GROUP)
class BackorderStockTriggers {

    static final String GROUP = "backorder-rerouting";

    private final BackorderSweeps sweeps;

    BackorderStockTriggers(BackorderSweeps sweeps) {
        this.sweeps = sweeps;
    }

    @EventHandler
    void on(StockLevelReportedEvent event, @SequenceNumber long sequence) {
        if (event.available() > 0) {
            sweeps.stockReported(new BackorderSweeps.OfStock(event.positionId(), event.supplierId(),
                    event.supplierSku()), sequence);
        }
    }

    @EventHandler
    void on(StockDeltaAppliedEvent event, @SequenceNumber long sequence) {
        if (event.delta() > 0) {
            sweeps.stockReported(new BackorderSweeps.OfStock(event.positionId(), event.supplierId(),
                    event.supplierSku()), sequence);
        }
    }
}
