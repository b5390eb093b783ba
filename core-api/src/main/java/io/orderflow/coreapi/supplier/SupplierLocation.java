package io.orderflow.coreapi.supplier;

/** A place a supplier ships from; coordinates may be unknown. */
public record SupplierLocation(String locationId, Double latitude, Double longitude, String country, String region) {
}
