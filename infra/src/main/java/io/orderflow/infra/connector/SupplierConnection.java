package io.orderflow.infra.connector;

import java.net.URI;

/**
 * How to reach one supplier's API. The secrets (API secret, mutual TLS material, null when the supplier has none)
 * never leave infra and are never logged. For SHOPIFY, shopDomain and
 * apiVersion come from the directory too (baseUrl, when set, overrides {@code https://{shopDomain}}: the sandbox).
 */
public record SupplierConnection(String supplierId, String connectorType, URI baseUrl, String apiSecret,
                                 String shopDomain, String apiVersion, SupplierTls tls) {

    public SupplierConnection(String supplierId, String connectorType, URI baseUrl, String apiSecret,
                              String shopDomain, String apiVersion) {
        this(supplierId, connectorType, baseUrl, apiSecret, shopDomain, apiVersion, null);
    }

    @Override
    public String toString() {
        return "SupplierConnection[" + supplierId + ", " + connectorType + ", " + baseUrl + ", " + shopDomain + "]";
    }
}
