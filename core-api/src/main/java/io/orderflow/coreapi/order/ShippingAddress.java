package io.orderflow.coreapi.order;

/** Personal data: never logged, and sealed in events (see {@link SealedPersonalData}). */
public record ShippingAddress(String name, String line1, String line2, String city, String region,
                              String postalCode, String country, Double latitude, Double longitude) {

    /**
     * What routing may see: no name, street or postal code, and coordinates rounded to two decimals (about a
     * kilometre), which is as close as choosing a warehouse needs and no longer points at one house.
     */
    public Destination destination() {
        return new Destination(country, region, city, coarse(latitude), coarse(longitude));
    }

    private static Double coarse(Double degrees) {
        return degrees == null ? null : Math.round(degrees * 100) / 100.0;
    }

    @Override
    public String toString() {
        return "ShippingAddress[" + country + "]";
    }
}
