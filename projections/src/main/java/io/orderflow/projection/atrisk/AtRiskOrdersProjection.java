package io.orderflow.projection.atrisk;

import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierReportRefusedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Orders at risk, for operations: a deadline that may be missed (the supplier's acceptance, the promise
 * date; listed once close, see the query), carrier trouble (delayed, attempted, failed, returned) and supplier
 * reports the order refused. A row goes
 * when its cause is resolved: accepted, delivered, completed. Rows are keyed by (order, reason, subject), so applying
 * an event twice changes nothing.
 */
@Component
@ProcessingGroup(AtRiskOrdersProjection.GROUP)
class AtRiskOrdersProjection {

    public static final String GROUP = "order-exceptions";

    private final JdbcTemplate jdbc;

    AtRiskOrdersProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrderPlacedEvent e) {
        if (e.promiseBy() != null) {
            // promised for a day: missed once that day is over
            var due = e.promiseBy().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            add(e.orderId().value(), e.retailerId().value(), "PROMISE_DATE_AT_RISK", "",
                    "promised by " + e.promiseBy(), e.placedAt(), due);
        }
    }

    @EventHandler
    void on(SupplierSelectedEvent e, @org.axonframework.eventhandling.Timestamp Instant at) {
        if (e.acceptanceSla() != null) {
            add(e.orderId().value(), e.retailerId().value(), "AWAITING_ACCEPTANCE", e.allocationId().value(),
                    "supplier " + e.supplierId().value(), at, at.plus(e.acceptanceSla()));
        }
    }

    @EventHandler
    void on(SupplierOrderAcceptedEvent e) {
        remove(e.orderId().value(), "AWAITING_ACCEPTANCE", e.allocationId().value());
    }

    @EventHandler
    void on(SupplierOrderRejectedEvent e) {
        remove(e.orderId().value(), "AWAITING_ACCEPTANCE", e.allocationId().value());
    }

    @EventHandler
    void on(SupplierOrderTimedOutEvent e) {
        remove(e.orderId().value(), "AWAITING_ACCEPTANCE", e.allocationId().value());
        add(e.orderId().value(), e.retailerId().value(), "ACCEPTANCE_TIMED_OUT", e.allocationId().value(),
                "supplier " + e.supplierId().value(), e.timedOutAt(), null);
    }

    @EventHandler
    void on(OrderPutOnHoldEvent e, @org.axonframework.eventhandling.Timestamp Instant at) {
        add(e.orderId().value(), e.retailerId().value(), "ON_HOLD", "", e.reason(), at, null);
    }

    @EventHandler
    void on(OrderHoldReleasedEvent e) {
        remove(e.orderId().value(), "ON_HOLD", "");
    }

    @EventHandler
    void on(OrderHoldExpiredEvent e) {
        remove(e.orderId().value(), "ON_HOLD", "");
    }

    /** Until the order completes: a supplier's report was refused, so what the supplier did is not on the order. */
    @EventHandler
    void on(SupplierReportRefusedEvent e) {
        add(e.orderId().value(), e.retailerId().value(), "SUPPLIER_REPORT_REFUSED", e.deliveryId(),
                "supplier " + e.supplierId().value() + " reported " + e.report() + ": " + e.reason(), e.receivedAt(), null);
    }

    @EventHandler
    void on(ShipmentStatusChangedEvent e) {
        var reason = switch (e.status()) {
            case DELAYED -> "SHIPMENT_DELAYED";
            case ATTEMPTED_DELIVERY -> "DELIVERY_ATTEMPTED";
            case DELIVERY_FAILED -> "DELIVERY_FAILED";
            case RETURNED -> "SHIPMENT_RETURNED";
            case IN_TRANSIT, OUT_FOR_DELIVERY -> null;
        };
        if (reason != null) {
            add(e.orderId().value(), e.retailerId().value(), reason, e.shipmentId(), e.detail(), e.occurredAt(), null);
        }
    }

    @EventHandler
    void on(ShipmentDeliveredEvent e) {
        jdbc.update("""
                DELETE FROM order_exception WHERE order_id = ? AND subject = ?
                AND reason IN ('SHIPMENT_DELAYED', 'DELIVERY_ATTEMPTED', 'DELIVERY_FAILED')""",
                e.orderId().value(), e.shipmentId());
    }

    @EventHandler
    void on(OrderCompletedEvent e) {
        jdbc.update("DELETE FROM order_exception WHERE order_id = ?", e.orderId().value());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM order_exception");
    }

    private void add(String orderId, String retailerId, String reason, String subject, String detail, Instant since,
                     Instant dueAt) {
        jdbc.update("""
                INSERT INTO order_exception (order_id, retailer_id, reason, subject, detail, since, due_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, reason, subject) DO NOTHING""",
                orderId, retailerId, reason, subject, detail, Timestamp.from(since),
                dueAt == null ? null : Timestamp.from(dueAt));
    }

    private void remove(String orderId, String reason, String subject) {
        jdbc.update("DELETE FROM order_exception WHERE order_id = ? AND reason = ? AND subject = ?", orderId, reason,
                subject);
    }
}
