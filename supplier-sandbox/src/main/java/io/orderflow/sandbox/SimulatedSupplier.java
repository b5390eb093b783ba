package io.orderflow.sandbox;

import java.util.List;
import java.util.regex.Pattern;

/** A missing profile means {@link BehaviourProfile#fast()}, missing stock means none. */
public record SimulatedSupplier(
        String supplierId, String apiSecret, String webhookSecret, BehaviourProfile profile, List<StockLevel> stock) {

    // the id is a URL path segment and part of sandbox order ids
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public SimulatedSupplier {
        if (supplierId == null || !ID.matcher(supplierId).matches()) {
            throw new IllegalArgumentException("supplierId must match " + ID + ": " + supplierId);
        }
        if (apiSecret == null || apiSecret.isBlank() || webhookSecret == null || webhookSecret.isBlank()) {
            throw new IllegalArgumentException("supplier " + supplierId + " needs an apiSecret and a webhookSecret");
        }
        profile = profile == null ? BehaviourProfile.fast() : profile;
        stock = stock == null ? List.of() : List.copyOf(stock);
    }

    @Override
    public String toString() {
        return "SimulatedSupplier[supplierId=" + supplierId + ", profile=" + profile + ", stock=" + stock + "]";
    }
}
