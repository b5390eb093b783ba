package io.orderflow.coreapi.order;

/** Where an order goes, without the personal parts of the address: what routing may see. */
public record Destination(String country, String region, String city, Double latitude, Double longitude) {
}
