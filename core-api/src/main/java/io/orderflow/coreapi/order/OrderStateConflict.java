package io.orderflow.coreapi.order;

/** A person asked for something the order's state does not allow now (releasing an order that is not held, ...). */
public class OrderStateConflict extends IllegalArgumentException {

    public OrderStateConflict(String message) {
        super(message);
    }
}
