package io.orderflow.gateway.tracking;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a customer's tracking page shows, and the JSON of {@code /api/v1/tracking/{token}}. No personal data beyond
 * the first name and the destination city; no supplier names either (they are the retailer's business).
 *
 * @param status    the order status (PLACED … DELIVERED, BACKORDERED, ON_HOLD, CANCELLED)
 * @param finished  no further change is expected (delivered or cancelled): live updates stop
 * @param notices   delays and other things worth knowing, in plain words
 */
public record TrackingPage(String orderNumber, String firstName, String city, String status, boolean finished,
                           String headline, String summary, LocalDate promisedBy, List<Step> steps,
                           List<Parcel> parcels, List<Item> items, List<String> notices, Instant updatedAt) {

    /** One step of the progress line: placed, accepted, shipped, delivered. */
    public record Step(String key, String label, String state, Instant at) {
        public static final String DONE = "done";
        public static final String CURRENT = "current";
        public static final String UPCOMING = "upcoming";
    }

    /** trackingUrl is only ever an http(s) address. */
    public record Parcel(int number, String status, String statusText, String carrier, String trackingNumber,
                         String trackingUrl, LocalDate expectedShipDate, Instant shippedAt, Instant deliveredAt,
                         List<Item> items) {
    }

    public record Item(String sku, int quantity, String statusText) {
    }
}
