package io.orderflow.coreapi.order;

/** Personal data: never logged, and sealed in events (see {@link SealedPersonalData}). */
public record Customer(String name, String email, String phone) {
    @Override
    public String toString() {
        return "Customer[redacted]";
    }
}
