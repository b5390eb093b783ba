package io.orderflow.sandbox.stock;

public record StockLevel(String supplierSku, String locationId, int available) {

    public StockLevel {
        if (supplierSku == null || supplierSku.isBlank()) {
            throw new IllegalArgumentException("supplierSku is required");
        }
        if (locationId == null || locationId.isBlank()) {
            throw new IllegalArgumentException("locationId is required");
        }
        if (available < 0) {
            throw new IllegalArgumentException("available must not be negative");
        }
    }
}
