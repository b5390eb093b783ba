package io.orderflow.coreapi.stock;

import java.util.List;

public record SupplierLocations(String supplierId, List<String> locationIds) {
}
