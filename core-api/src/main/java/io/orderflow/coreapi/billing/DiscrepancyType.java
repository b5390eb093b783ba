package io.orderflow.coreapi.billing;

public enum DiscrepancyType {
    PRICE_MISMATCH,
    QUANTITY_OVER_DELIVERED,
    BILLED_CANCELLED,
    DUPLICATE_INVOICE,
    UNKNOWN_ORDER,
    NOT_INVOICED,
    CURRENCY_MISMATCH
}
