package io.orderflow.coreapi.order;

/** Personal data: kept in this type only, never logged, so it can later be encrypted per customer. */
public record Customer(String name, String email, String phone) {
    @Override
    public String toString() {
        return "Customer[redacted]";
    }
}
