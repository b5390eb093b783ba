package io.orderflow.coreapi.billing;

/** OPEN until someone acts: APPROVED (pay as billed) and RESOLVED are final; DISPUTED waits for the supplier. */
public enum DiscrepancyStatus {
    OPEN,
    APPROVED,
    DISPUTED,
    RESOLVED
}
