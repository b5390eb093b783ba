package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.RetailerId;

/** The latest differences reconciliation found between suppliers' levels and ours; of one supplier when given. */
public record FindStockDriftQuery(RetailerId retailerId, String supplierId, int limit) {
}
