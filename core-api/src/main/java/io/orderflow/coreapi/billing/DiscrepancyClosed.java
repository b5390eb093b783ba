package io.orderflow.coreapi.billing;

/** A decision on a discrepancy that was approved or resolved already. */
public class DiscrepancyClosed extends IllegalArgumentException {

    public DiscrepancyClosed(String message) {
        super(message);
    }
}
