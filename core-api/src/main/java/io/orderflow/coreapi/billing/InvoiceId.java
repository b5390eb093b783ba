package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.SupplierId;

/** One supplier's invoice number: a number is unique per supplier, never across them. */
public record InvoiceId(String value) {

    public static InvoiceId of(SupplierId supplierId, String invoiceNumber) {
        return new InvoiceId("invoice:" + supplierId.value() + ":" + invoiceNumber);
    }

    @Override
    public String toString() {
        return value;
    }
}
