package io.orderflow.infra.connector;

import java.net.URI;

/**
 * How to reach one supplier's API. The secret never leaves infra and is never logged. For SHOPIFY, shopDomain and
 * apiVersion come from the directory too (baseUrl, when set, overrides {@code https://{shopDomain}}: the sandbox).
 */
public record SupplierConnection(String supplierId, String connectorType, URI baseUrl, String apiSecret,
                                 String shopDomain, String apiVersion) {

    @Override
    public String toString() {
        return "SupplierConnection[" + supplierId + ", " + connectorType + ", " + baseUrl + ", " + shopDomain + "]";
    }
}
