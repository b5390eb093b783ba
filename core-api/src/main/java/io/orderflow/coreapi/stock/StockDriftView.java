package io.orderflow.coreapi.stock;

import java.time.Instant;

/**
 * One difference found by reconciliation. ours: our reported level before the check (null when the supplier had never
 * reported it); outcome: APPLIED, or STALE when we already held a newer report.
 */
public record StockDriftView(Instant checkedAt, String supplierId, String locationId, String supplierSku, Integer ours,
                             int theirs, Instant theirAsOf, String outcome) {
}
