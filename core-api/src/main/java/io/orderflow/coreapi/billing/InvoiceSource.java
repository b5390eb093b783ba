package io.orderflow.coreapi.billing;

public enum InvoiceSource {
    /** The partner's {@code invoice.issued} webhook. */
    WEBHOOK,
    /** {@code POST /api/v1/suppliers/{id}/invoices}, JSON or CSV. */
    UPLOAD,
    /** A Shopify supplier's order totals and line prices, read over GraphQL. */
    SHOPIFY
}
