package io.orderflow.projection.routing;

import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

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
class AllocationPerformanceProjection {

    public static final String GROUP = "supplier-performance";
    private static final List<String> DECISIONS = List.of("accepted_at", "timed_out_at", "rejected_at");

    private final JdbcTemplate jdbc;

    AllocationPerformanceProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SupplierSelectedEvent e, @Timestamp Instant at) {
        int inserted = jdbc.update("""
                INSERT INTO allocation_performance (allocation_id, supplier_id, retailer_id, selected_at)
                VALUES (?, ?, ?, ?) ON CONFLICT (allocation_id) DO NOTHING""",
                e.allocationId().value(), e.supplierId().value(), e.retailerId().value(), java.sql.Timestamp.from(at));
        if (inserted > 0) {
            jdbc.update("""
                    INSERT INTO supplier_day_orders (supplier_id, day, orders) VALUES (?, ?, 1)
                    ON CONFLICT (supplier_id, day) DO UPDATE SET orders = supplier_day_orders.orders + 1""",
                    e.supplierId().value(), Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC)));
        }
    }

    @EventHandler
    void on(SupplierOrderSubmittedEvent e) {
        set("submitted_at", e.allocationId().value(), java.sql.Timestamp.from(e.submittedAt()));
    }

    @EventHandler
    void on(SupplierOrderAcceptedEvent e) {
        decide("accepted_at", e.allocationId().value(), java.sql.Timestamp.from(e.acceptedAt()), 1);
    }

    /** A rejection is a decision too: without it a supplier that rejects looked better than it is. */
    @EventHandler
    void on(SupplierOrderRejectedEvent e) {
        decide("rejected_at", e.allocationId().value(), java.sql.Timestamp.from(e.rejectedAt()), 0);
    }

    @EventHandler
    void on(SupplierOrderTimedOutEvent e) {
        decide("timed_out_at", e.allocationId().value(), java.sql.Timestamp.from(e.timedOutAt()), 0);
    }

    @EventHandler
    void on(FulfillmentCreatedEvent e) {
        if (e.expectedShipDate() != null) {
            shipment("expected_ship_date", e.allocationId().value(), Date.valueOf(e.expectedShipDate()));
        }
    }

    @EventHandler
    void on(ShipmentTrackedEvent e) {
        shipment("shipped_at", e.allocationId().value(), java.sql.Timestamp.from(e.trackedAt()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM allocation_performance");
        jdbc.update("DELETE FROM supplier_scorecard");
        jdbc.update("DELETE FROM supplier_day_orders");
    }

    private void set(String column, String allocationId, Object value) {
        jdbc.update("UPDATE allocation_performance SET " + column + " = COALESCE(" + column + ", ?) WHERE allocation_id = ?",
                value, allocationId);
    }

    /** Counts as the scorecard of the old query over every allocation did: decided once, accepted when accepted. */
    private void decide(String column, String allocationId, Object value, int accepted) {
        // RETURNING sees the row after the update: the decision is the first when the other two are still unset
        String othersUnset = DECISIONS.stream().filter(c -> !c.equals(column)).map(c -> c + " IS NULL")
                .collect(Collectors.joining(" AND "));
        jdbc.update("""
                WITH changed AS (
                    UPDATE allocation_performance SET %1$s = ? WHERE allocation_id = ? AND %1$s IS NULL
                    RETURNING supplier_id, %2$s AS first
                )""".formatted(column, othersUnset) + """
                INSERT INTO supplier_scorecard (supplier_id, decided, accepted)
                SELECT supplier_id, CASE WHEN first THEN 1 ELSE 0 END, ? FROM changed
                ON CONFLICT (supplier_id) DO UPDATE SET decided = supplier_scorecard.decided + EXCLUDED.decided,
                    accepted = supplier_scorecard.accepted + EXCLUDED.accepted""",
                value, allocationId, accepted);
    }

    /**
     * An allocation counts toward on-time shipping once it has both its expected ship date and its first shipment,
     * whichever of the two comes second.
     */
    private void shipment(String column, String allocationId, Object value) {
        String other = column.equals("shipped_at") ? "expected_ship_date" : "shipped_at";
        jdbc.update("""
                WITH changed AS (
                    UPDATE allocation_performance SET %1$s = ? WHERE allocation_id = ? AND %1$s IS NULL
                    RETURNING supplier_id, %2$s IS NOT NULL AS complete,
                        (shipped_at AT TIME ZONE 'UTC')::date <= expected_ship_date AS on_time
                )""".formatted(column, other) + """
                INSERT INTO supplier_scorecard (supplier_id, shipped, on_time)
                SELECT supplier_id, 1, CASE WHEN on_time THEN 1 ELSE 0 END FROM changed WHERE complete
                ON CONFLICT (supplier_id) DO UPDATE SET shipped = supplier_scorecard.shipped + 1,
                    on_time = supplier_scorecard.on_time + EXCLUDED.on_time""",
                value, allocationId);
    }
}
