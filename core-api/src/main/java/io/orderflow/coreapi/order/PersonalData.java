package io.orderflow.coreapi.order;

/**
 * The customer's personal data, in clear text. It lives in memory only: events carry it sealed
 * ({@link SealedPersonalData}), and only the privacy vault turns one into the other.
 */
public record PersonalData(Customer customer, ShippingAddress shipTo) {
    @Override
    public String toString() {
        return "PersonalData[redacted]";
    }
}
