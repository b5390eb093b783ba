package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Location;
import io.orderflow.coreapi.order.Destination;

/**
 * Distances to one destination. Great-circle (haversine) when both ends have coordinates; without them we only
 * know region and country, so typical distances stand in: a parcel within a region, across a country, abroad.
 */
final class Distance {

    static final double SAME_REGION_KM = 150;
    static final double SAME_COUNTRY_KM = 600;
    static final double OTHER_COUNTRY_KM = 1500;
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private final Destination destination;
    private final boolean located;
    private final double latitude;
    private final double longitude;
    private final double cosLatitude;

    Distance(Destination destination) {
        this.destination = destination;
        this.located = destination.latitude() != null && destination.longitude() != null;
        this.latitude = located ? Math.toRadians(destination.latitude()) : 0;
        this.longitude = located ? Math.toRadians(destination.longitude()) : 0;
        this.cosLatitude = Math.cos(latitude);
    }

    boolean measurable(Location from) {
        return located && from.latitude() != null && from.longitude() != null;
    }

    double km(Location from) {
        if (measurable(from)) {
            double lat = Math.toRadians(from.latitude());
            double sinLat = Math.sin((latitude - lat) / 2);
            double sinLon = Math.sin((longitude - Math.toRadians(from.longitude())) / 2);
            double a = sinLat * sinLat + Math.cos(lat) * cosLatitude * sinLon * sinLon;
            return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
        }
        boolean sameCountry = from.country() != null && from.country().equalsIgnoreCase(destination.country());
        if (sameCountry && from.region() != null && from.region().equalsIgnoreCase(destination.region())) {
            return SAME_REGION_KM;
        }
        return sameCountry ? SAME_COUNTRY_KM : OTHER_COUNTRY_KM;
    }
}
