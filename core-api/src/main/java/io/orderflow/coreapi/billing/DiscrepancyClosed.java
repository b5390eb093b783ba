package io.orderflow.coreapi.billing;

/** A decision on a discrepancy that was approved or resolved already. */
public class DiscrepancyClosed extends IllegalStateException {

    public DiscrepancyClosed(String message) {
        super(message);
    }
}
