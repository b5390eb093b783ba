package io.orderflow.sandbox.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;

/** The body of {@code POST /partner/{supplierId}/orders}. */
public record NewOrder(String reference, String orderReference, List<Line> lines, ShipTo shipTo) {

    /**
     * variantId: the Shopify variant a Shopify line item named; partners leave it out. unitPrice and currency: the
     * price the buyer's purchase order states for one unit, which the supplier's invoice bills (optional).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Line(String lineReference, String supplierSku, Integer quantity, String variantId,
            BigDecimal unitPrice, String currency) {

        public Line(String lineReference, String supplierSku, Integer quantity, String variantId) {
            this(lineReference, supplierSku, quantity, variantId, null, null);
        }

        public Line(String lineReference, String supplierSku, Integer quantity) {
            this(lineReference, supplierSku, quantity, null);
        }
    }

    public record ShipTo(
            String name, String line1, String line2, String city, String region, String postalCode, String country) {}

    public NewOrder {
        required(reference, "reference");
        required(orderReference, "orderReference");
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
        var lineReferences = new HashSet<String>();
        for (Line line : lines) {
            if (line == null) {
                throw new IllegalArgumentException("lines must not contain null");
            }
            required(line.lineReference(), "lines[].lineReference");
            required(line.supplierSku(), "lines[].supplierSku");
            if (line.quantity() == null || line.quantity() <= 0) {
                throw new IllegalArgumentException("lines[].quantity must be a positive integer");
            }
            if (!lineReferences.add(line.lineReference())) {
                throw new IllegalArgumentException("duplicate lineReference " + line.lineReference());
            }
        }
        if (shipTo == null) {
            throw new IllegalArgumentException("shipTo is required");
        }
        required(shipTo.name(), "shipTo.name");
        required(shipTo.line1(), "shipTo.line1");
        required(shipTo.city(), "shipTo.city");
        required(shipTo.country(), "shipTo.country");
        lines = List.copyOf(lines);
    }

    private static void required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
