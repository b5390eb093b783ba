package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;

public record OrderLine(String lineId, Sku sku, int quantity, Money unitPrice) {
}
