package io.orderflow.gateway.port;

/** Port: the state of a supplier's circuit breaker on this node (CLOSED, OPEN, HALF_OPEN, ...). Implemented in infra. */
public interface SupplierCircuits {

    /** CLOSED for a supplier never called on this node. */
    String state(String supplierId);
}
