package io.orderflow.infra.events;

import io.orderflow.coreapi.billing.BillingDiscrepancyFoundEvent;
import io.orderflow.coreapi.billing.BillingDiscrepancyReviewedEvent;
import io.orderflow.coreapi.billing.SupplierInvoiceMatchedEvent;
import io.orderflow.coreapi.billing.SupplierInvoiceReceivedEvent;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.RefundRequestedEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;

import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which order events leave the system, under which CloudEvents type, with which payload. The payloads are written
 * field by field, never by serialising the event: nothing personal (customer, address) can slip out when an event
 * grows a field. A consumer that needs a customer's contact looks it up at the moment it needs it.
 */
public final class OrderIntegrationEvents {

    public static final String TYPE_PREFIX = "io.orderflow.order.";
    public static final String ORDER_PLACED = type("placed");
    public static final String SUPPLIER_ORDER_ACCEPTED = type("supplier-order-accepted");
    public static final String FULFILLMENT_CREATED = type("fulfillment-created");
    public static final String SHIPMENT_TRACKED = type("shipment-tracked");
    public static final String SHIPMENT_STATUS_CHANGED = type("shipment-status-changed");
    public static final String SHIPMENT_DELIVERED = type("shipment-delivered");
    public static final String LINES_BACKORDERED = type("lines-backordered");
    public static final String PUT_ON_HOLD = type("put-on-hold");
    public static final String COMPLETED = type("completed");
    public static final String LINES_CANCELLED = type("lines-cancelled");
    public static final String REFUND_REQUESTED = type("refund-requested");

    public static final String BILLING_PREFIX = "io.orderflow.billing.";
    public static final String INVOICE_RECEIVED = billing("invoice-received");
    public static final String INVOICE_MATCHED = billing("invoice-matched");
    public static final String DISCREPANCY_FOUND = billing("discrepancy-found");

    /** An event as it leaves: its CloudEvents type, the order it is about, and its JSON payload as a map. */
    public record Outgoing(String type, String orderId, String retailerId, Map<String, Object> data) {
    }

    private OrderIntegrationEvents() {
    }

    static String type(String name) {
        return TYPE_PREFIX + name + ".v1";
    }

    static String billing(String name) {
        return BILLING_PREFIX + name + ".v1";
    }

    /** Billing's events are keyed by their subject: an invoice, a discrepancy. */
    private static Outgoing billingOut(String type, String subject, String retailerId, Map<String, Object> data) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("retailerId", retailerId);
        payload.putAll(data);
        return new Outgoing(type, subject, retailerId, payload);
    }

    private static Map<String, Object> money(Money money) {
        return money == null ? null : Map.of("amount", money.amount().toPlainString(), "currency", money.currency());
    }

    static Optional<Outgoing> of(Object event) {
        return Optional.ofNullable(switch (event) {
            case OrderPlacedEvent e -> out(ORDER_PLACED, e.orderId().value(), e.retailerId().value(), data(
                    "externalOrderId", e.externalOrderId(), "lines", e.lines().stream()
                            .map(l -> Map.of("lineId", l.lineId(), "sku", l.sku().value(), "quantity", l.quantity()))
                            .toList()));
            case SupplierOrderAcceptedEvent e -> out(SUPPLIER_ORDER_ACCEPTED, e.orderId().value(), e.retailerId().value(),
                    data("allocationId", e.allocationId().value(), "supplierId", e.supplierId().value(),
                            "acceptedAt", e.acceptedAt()));
            case FulfillmentCreatedEvent e -> out(FULFILLMENT_CREATED, e.orderId().value(), e.retailerId().value(),
                    data("allocationId", e.allocationId().value(), "supplierId", e.supplierId().value(),
                            "shipmentId", e.fulfillmentId(), "lines", lines(e.lines()),
                            "expectedShipDate", e.expectedShipDate()));
            case ShipmentTrackedEvent e -> out(SHIPMENT_TRACKED, e.orderId().value(), e.retailerId().value(),
                    data("allocationId", e.allocationId().value(), "supplierId", e.supplierId().value(),
                            "shipmentId", e.shipmentId(), "lines", lines(e.lines()), "carrier", e.carrier(),
                            "trackingNumber", e.trackingNumber(), "trackingUrl", e.trackingUrl(),
                            "trackedAt", e.trackedAt()));
            case ShipmentStatusChangedEvent e -> out(SHIPMENT_STATUS_CHANGED, e.orderId().value(), e.retailerId().value(),
                    data("allocationId", e.allocationId().value(), "supplierId", e.supplierId().value(),
                            "shipmentId", e.shipmentId(), "status", e.status().name(), "detail", e.detail(),
                            "occurredAt", e.occurredAt()));
            case ShipmentDeliveredEvent e -> out(SHIPMENT_DELIVERED, e.orderId().value(), e.retailerId().value(),
                    data("allocationId", e.allocationId().value(), "supplierId", e.supplierId().value(),
                            "shipmentId", e.shipmentId(), "lines", lines(e.lines()), "deliveredAt", e.deliveredAt()));
            case OrderLinesBackorderedEvent e -> out(LINES_BACKORDERED, e.orderId().value(), e.retailerId().value(),
                    data("lineIds", e.lineIds(), "reason", e.reason()));
            case OrderPutOnHoldEvent e -> out(PUT_ON_HOLD, e.orderId().value(), e.retailerId().value(),
                    data("reason", e.reason()));
            case OrderLinesCancelledEvent e -> out(LINES_CANCELLED, e.orderId().value(), e.retailerId().value(),
                    data("lines", lines(e.lines()), "reason", e.reason(), "cancelledAt", e.cancelledAt()));
            case RefundRequestedEvent e -> out(REFUND_REQUESTED, e.orderId().value(), e.retailerId().value(),
                    data("lines", lines(e.lines()), "amount", e.amount() == null ? null : e.amount().amount().toPlainString(),
                            "currency", e.amount() == null ? null : e.amount().currency(), "reason", e.reason()));
            case OrderCompletedEvent e -> out(COMPLETED, e.orderId().value(), e.retailerId().value(),
                    data("completedAt", e.completedAt()));
            case SupplierInvoiceReceivedEvent e -> billingOut(INVOICE_RECEIVED, e.invoiceId().value(),
                    e.retailerId().value(), data("supplierId", e.supplierId().value(), "invoiceNumber",
                            e.invoiceNumber(), "issuedAt", e.issuedAt(), "currency", e.currency(), "linesTotal",
                            e.linesTotal().toPlainString(), "source", e.source().name()));
            case SupplierInvoiceMatchedEvent e -> billingOut(INVOICE_MATCHED, e.invoiceId().value(),
                    e.retailerId().value(), data("supplierId", e.supplierId().value(), "invoiceNumber",
                            e.invoiceNumber(), "orderId", e.orderId().value(), "supplierOrderId", e.supplierOrderId(),
                            "billed", money(e.billed())));
            case BillingDiscrepancyFoundEvent e -> billingOut(DISCREPANCY_FOUND, e.discrepancyId(),
                    e.retailerId().value(), data("discrepancyId", e.discrepancyId(), "supplierId",
                            e.supplierId().value(), "invoiceNumber", e.invoiceNumber(), "type", e.type().name(),
                            "supplierOrderId", e.supplierOrderId(), "supplierSku", e.supplierSku(), "expected",
                            money(e.expected()), "billed", money(e.billed()), "detail", e.detail()));
            case BillingDiscrepancyReviewedEvent e -> billingOut(
                    billing("discrepancy-" + e.status().name().toLowerCase(java.util.Locale.ROOT)), e.discrepancyId(),
                    e.retailerId().value(), data("discrepancyId", e.discrepancyId(), "supplierId",
                            e.supplierId().value(), "status", e.status().name(), "previousStatus", e.previous().name(),
                            "actor", e.actor(), "reason", e.reason(), "at", e.at()));
            default -> null;
        });
    }

    private static Outgoing out(String type, String orderId, String retailerId, Map<String, Object> data) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("orderId", orderId);
        payload.put("retailerId", retailerId);
        payload.putAll(data);
        return new Outgoing(type, orderId, retailerId, payload);
    }

    /** Times as RFC 3339 text; absent values left out. */
    private static Map<String, Object> data(Object... keysAndValues) {
        var data = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            var value = keysAndValues[i + 1];
            if (value != null) {
                data.put((String) keysAndValues[i], value instanceof Temporal ? value.toString() : value);
            }
        }
        return data;
    }

    private static List<Map<String, Object>> lines(List<LineQuantity> lines) {
        return lines.stream().map(l -> Map.<String, Object>of("lineId", l.lineId(), "quantity", l.quantity())).toList();
    }
}
