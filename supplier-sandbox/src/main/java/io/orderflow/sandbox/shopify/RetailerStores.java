package io.orderflow.sandbox.shopify;

import io.orderflow.sandbox.suppliers.SupplierRuntime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each simulated shop's retailer-store side, made on first use. */
public final class RetailerStores {

    private final Map<String, RetailerStore> stores = new ConcurrentHashMap<>();

    public RetailerStore of(SupplierRuntime shop) {
        return stores.computeIfAbsent(shop.id(), id -> new RetailerStore(shop));
    }

    RetailerStore existing(SupplierRuntime shop) {
        return stores.get(shop.id());
    }
}
