package io.orderflow.command.order;

/** A command that breaks a rule of the order; it changes nothing and is answered as a client error. */
public class OrderRuleViolation extends IllegalArgumentException {
    public OrderRuleViolation(String message) {
        super(message);
    }
}
