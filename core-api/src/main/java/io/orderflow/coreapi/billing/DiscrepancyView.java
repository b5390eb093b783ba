package io.orderflow.coreapi.billing;

import java.math.BigDecimal;
import java.time.Instant;

public record DiscrepancyView(String discrepancyId, String supplierId, String invoiceNumber, DiscrepancyType type,
                              String supplierOrderId, String supplierSku, Amount expected, Amount billed,
                              String detail, DiscrepancyStatus status, Instant foundAt, Review lastReview) {

    public record Amount(BigDecimal amount, String currency) {
    }

    public record Review(String actor, String reason, Instant at) {
    }
}
