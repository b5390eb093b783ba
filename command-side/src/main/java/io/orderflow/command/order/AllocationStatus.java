package io.orderflow.command.order;

/**
 * Ordered: an allocation only ever moves forward through these. The last four are terminal: a failed allocation
 * (timed out, rejected, submission failed) gives its lines back for re-routing; a cancelled one took them along.
 */
enum AllocationStatus {
    SELECTED, SUBMISSION_REQUESTED, SUBMITTED, ACCEPTED, TIMED_OUT, REJECTED, SUBMISSION_FAILED, CANCELLED;

    boolean isFailed() {
        return this == TIMED_OUT || this == REJECTED || this == SUBMISSION_FAILED;
    }

    boolean isLive() {
        return !isFailed() && this != CANCELLED;
    }

    boolean isAtLeast(AllocationStatus other) {
        return compareTo(other) >= 0;
    }
}
