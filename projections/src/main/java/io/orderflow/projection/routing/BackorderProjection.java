package io.orderflow.projection.routing;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;

import java.time.Instant;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The lines waiting for stock, by SKU, oldest first: what backorder re-routing works through. */
@Component
@ProcessingGroup(BackorderProjection.GROUP)
class BackorderProjection {

    public static final String GROUP = "backorders";

    private final JdbcTemplate jdbc;

    BackorderProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrderPlacedEvent e) {
        // remembers each line's SKU, so a later backorder event can be filed under it
        for (OrderLine line : e.lines()) {
            jdbc.update("""
                    INSERT INTO order_line_sku (order_id, line_id, retailer_id, sku) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""", e.orderId().value(), line.lineId(), e.retailerId().value(),
                    line.sku().value());
        }
    }

    @EventHandler
    void on(OrderLinesBackorderedEvent e, @Timestamp Instant at) {
        for (String lineId : e.lineIds()) {
            jdbc.update("""
                    INSERT INTO backordered_line (order_id, line_id, retailer_id, sku, backordered_at)
                    SELECT order_id, line_id, retailer_id, sku, ? FROM order_line_sku WHERE order_id = ? AND line_id = ?
                    ON CONFLICT DO NOTHING""", java.sql.Timestamp.from(at), e.orderId().value(), lineId);
        }
    }

    @EventHandler
    void on(SupplierSelectedEvent e) {
        for (AllocatedLine line : e.lines()) {
            jdbc.update("DELETE FROM backordered_line WHERE order_id = ? AND line_id = ?", e.orderId().value(),
                    line.lineId());
        }
    }

    /** A cancelled line waits for nothing any more: backorder sweeps must not route its order for it. */
    @EventHandler
    void on(OrderLinesCancelledEvent e) {
        for (var line : e.lines()) {
            jdbc.update("DELETE FROM backordered_line WHERE order_id = ? AND line_id = ?", e.orderId().value(),
                    line.lineId());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM backordered_line");
        jdbc.update("DELETE FROM order_line_sku");
    }
}
