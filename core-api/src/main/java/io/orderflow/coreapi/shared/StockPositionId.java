package io.orderflow.coreapi.shared;


import java.util.Objects;

/** One per (supplier, supplier location, supplier SKU). */
public record StockPositionId(String value) {
    public StockPositionId {
        Objects.requireNonNull(value, "stock position id");
    }

    public static StockPositionId of(SupplierId supplier, String locationId, String supplierSku) {
        return new StockPositionId(supplier.value() + "/" + locationId + "/" + supplierSku);
    }

    @Override
    public String toString() {
        return value;
    }
}
