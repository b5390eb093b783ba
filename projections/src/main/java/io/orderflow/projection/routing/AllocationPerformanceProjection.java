package io.orderflow.projection.routing;

import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;

import java.sql.Date;
import java.time.Instant;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One row per supplier order with the moments that make a supplier's scorecard. Every column is set once
 * (COALESCE), so a redelivered event changes nothing.
 */
@Component
@ProcessingGroup(AllocationPerformanceProjection.GROUP)
public class AllocationPerformanceProjection {

    public static final String GROUP = "supplier-performance";

    private final JdbcTemplate jdbc;

    public AllocationPerformanceProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SupplierSelectedEvent e, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO allocation_performance (allocation_id, supplier_id, retailer_id, selected_at)
                VALUES (?, ?, ?, ?) ON CONFLICT (allocation_id) DO NOTHING""",
                e.allocationId().value(), e.supplierId().value(), e.retailerId().value(), java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(SupplierOrderSubmittedEvent e) {
        set("submitted_at", e.allocationId().value(), java.sql.Timestamp.from(e.submittedAt()));
    }

    @EventHandler
    void on(SupplierOrderAcceptedEvent e) {
        set("accepted_at", e.allocationId().value(), java.sql.Timestamp.from(e.acceptedAt()));
    }

    @EventHandler
    void on(SupplierOrderTimedOutEvent e) {
        set("timed_out_at", e.allocationId().value(), java.sql.Timestamp.from(e.timedOutAt()));
    }

    @EventHandler
    void on(FulfillmentCreatedEvent e) {
        if (e.expectedShipDate() != null) {
            set("expected_ship_date", e.allocationId().value(), Date.valueOf(e.expectedShipDate()));
        }
    }

    @EventHandler
    void on(ShipmentTrackedEvent e) {
        set("shipped_at", e.allocationId().value(), java.sql.Timestamp.from(e.trackedAt()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM allocation_performance");
    }

    private void set(String column, String allocationId, Object value) {
        jdbc.update("UPDATE allocation_performance SET " + column + " = COALESCE(" + column + ", ?) WHERE allocation_id = ?",
                value, allocationId);
    }
}
