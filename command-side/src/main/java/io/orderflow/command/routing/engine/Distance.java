package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Location;
import io.orderflow.coreapi.order.Destination;

/**
 * Great-circle distance when both ends have coordinates. Without them we only know the region and country, so we
 * stand in typical distances: a parcel within a region, across a country, across a border.
 */
final class Distance {

    static final double SAME_REGION_KM = 150;
    static final double SAME_COUNTRY_KM = 600;
    static final double OTHER_COUNTRY_KM = 1500;
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private Distance() {
    }

    static boolean measurable(Location from, Destination to) {
        return from.latitude() != null && from.longitude() != null && to.latitude() != null && to.longitude() != null;
    }

    static double km(Location from, Destination to) {
        if (measurable(from, to)) {
            return haversineKm(from.latitude(), from.longitude(), to.latitude(), to.longitude());
        }
        boolean sameCountry = from.country() != null && from.country().equalsIgnoreCase(to.country());
        if (sameCountry && from.region() != null && from.region().equalsIgnoreCase(to.region())) {
            return SAME_REGION_KM;
        }
        return sameCountry ? SAME_COUNTRY_KM : OTHER_COUNTRY_KM;
    }

    static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
