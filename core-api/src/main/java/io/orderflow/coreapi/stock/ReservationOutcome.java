package io.orderflow.coreapi.stock;

/** What a reserve command answers; a refused reservation changes nothing, so it is not an event. */
public enum ReservationOutcome {
    RESERVED, ALREADY_RESERVED, INSUFFICIENT
}
