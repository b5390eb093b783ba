package io.orderflow.sandbox.suppliers;

import io.orderflow.sandbox.stock.StockLevel;
import java.util.List;
import java.util.regex.Pattern;

/**
  * A missing profile means {@link BehaviourProfile#fast()}, missing stock means none. A shop domain makes it a Shopify
  * store (GraphQL Admin API, Shopify webhooks); without one it is a partner (REST API, orderflow-signed webhooks).
  */
public record SimulatedSupplier(
        String supplierId, String apiSecret, String webhookSecret, BehaviourProfile profile, List<StockLevel> stock,
        String shopDomain) {

    // the id is a URL path segment and part of sandbox order ids
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SHOP_DOMAIN = Pattern.compile("[A-Za-z0-9.-]{1,255}");

    public SimulatedSupplier {
        if (supplierId == null || !ID.matcher(supplierId).matches()) {
            throw new IllegalArgumentException("supplierId must match " + ID + ": " + supplierId);
        }
        if (apiSecret == null || apiSecret.isBlank() || webhookSecret == null || webhookSecret.isBlank()) {
            throw new IllegalArgumentException("supplier " + supplierId + " needs an apiSecret and a webhookSecret");
        }
        profile = profile == null ? BehaviourProfile.fast() : profile;
        stock = stock == null ? List.of() : List.copyOf(stock);
        if (shopDomain != null && !SHOP_DOMAIN.matcher(shopDomain).matches()) {
            throw new IllegalArgumentException("shopDomain must be a host name: " + shopDomain);
        }
    }

    public SimulatedSupplier(
            String supplierId, String apiSecret, String webhookSecret, BehaviourProfile profile, List<StockLevel> stock) {
        this(supplierId, apiSecret, webhookSecret, profile, stock, null);
    }

    public boolean shopify() {
        return shopDomain != null;
    }

    @Override
    public String toString() {
        return "SimulatedSupplier[supplierId=" + supplierId + ", profile=" + profile + ", stock=" + stock
                + (shopDomain == null ? "" : ", shopDomain=" + shopDomain) + "]";
    }
}
