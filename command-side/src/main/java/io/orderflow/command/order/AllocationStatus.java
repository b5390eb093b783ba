package io.orderflow.command.order;

/** Ordered: an allocation only ever moves forward through these. */
enum AllocationStatus {
    SELECTED, SUBMISSION_REQUESTED, SUBMITTED, ACCEPTED, TIMED_OUT;

    boolean isAtLeast(AllocationStatus other) {
        return compareTo(other) >= 0;
    }
}
