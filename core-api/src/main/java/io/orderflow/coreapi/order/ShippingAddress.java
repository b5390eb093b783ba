package io.orderflow.coreapi.order;

/** Personal data: kept in this type only, never logged, so it can later be encrypted per customer. */
public record ShippingAddress(String name, String line1, String line2, String city, String region,
                              String postalCode, String country, Double latitude, Double longitude) {

    public Destination destination() {
        return new Destination(country, region, city, latitude, longitude);
    }

    @Override
    public String toString() {
        return "ShippingAddress[" + country + "]";
    }
}
